/**
 * Runs the tasks of one key one after another inside this process. This is only about speed: racing
 * writers of one stream would lose inserts to each other and retry with backoff, which gets slow
 * when many commands of one user arrive at once. Correctness still rests on the unique indexes,
 * which also settle races between several instances of the service.
 * `onIdle(key)` runs when the last queued task of a key has settled.
 */
export function keyedSerializer(onIdle: (key: string) => void = () => undefined) {
  const tails = new Map<string, Promise<void>>();
  return function serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) !== tail) return;
      tails.delete(key);
      onIdle(key);
    });
    return result;
  };
}
