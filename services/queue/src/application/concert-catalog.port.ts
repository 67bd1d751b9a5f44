/** What the queue needs to know from the concert service. */
export interface ConcertCatalog {
  /** True once every seat of every upcoming date of the concert is SOLD (not merely held). */
  isSoldOut(concertCode: string): Promise<boolean>;
}
