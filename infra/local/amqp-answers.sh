#!/usr/bin/env bash
# Exit 0 when the AMQP server on 127.0.0.1:<port> answers the protocol header with a frame
# (Connection.Start) within 10 s; 1 when it refuses, hangs or answers something else.
port=${1:-5672}
exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || exit 1
printf 'AMQP\x00\x00\x09\x01' >&3
first=$(timeout 10 head -c 1 <&3 | od -An -tx1 | tr -d ' ')
exec 3>&-
# Frame type 1 is a method frame: the server's Connection.Start.
[[ $first == 01 ]]
