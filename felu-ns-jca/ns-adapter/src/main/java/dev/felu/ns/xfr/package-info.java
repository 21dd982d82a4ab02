/**
 * Outgoing zone transfers (issue 14). The listeners' entry is {@link dev.felu.ns.xfr.Transfers},
 * over the {@link dev.felu.ns.xfr.TransferPolicy} held with the zone table. The parts: who may
 * transfer ({@link dev.felu.ns.xfr.TransferAcl}), the TSIG key ring that verifies requests and
 * signs answers ({@link dev.felu.ns.xfr.TsigKeys}), AXFR and IXFR answers as pull-based streams of
 * DNS messages ({@link dev.felu.ns.xfr.AxfrWriter}, {@link dev.felu.ns.xfr.IxfrWriter}, {@link
 * dev.felu.ns.xfr.TransferMessages}), the bounded in-memory journal of zone differences ({@link
 * dev.felu.ns.xfr.IxfrJournal}) and the bound on concurrent transfers ({@link
 * dev.felu.ns.xfr.TransferLimiter}). See docs/nameserver.md, "Zone transfers".
 */
package dev.felu.ns.xfr;
