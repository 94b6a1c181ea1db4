/**
 * Both weight readers (the paper core's tmatmul unit and the vector core's weight stream)
 * send a request only when the weight FIFO has room for all of it, so a request larger than
 * the FIFO would never be sent and the stream would wait for ever. The arch schema rejects
 * such a core for the user (`core.tmatmul.fifo_bytes`, sim/arch/core-schema.ts); this is the
 * units' invariant, for configurations built without the schema.
 */
export function assertRequestFitsFifo(requestBytes: number, fifoBytes: number): void {
  if (requestBytes > fifoBytes) {
    throw new Error(`invariant: a ${requestBytes}-byte request can never enter the ${fifoBytes}-byte weight FIFO (validate the arch: core.tmatmul.fifo_bytes)`);
  }
}
