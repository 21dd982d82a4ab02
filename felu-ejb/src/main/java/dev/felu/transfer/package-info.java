/**
 * Who may transfer a zone from the nameservers (AXFR/IXFR): each zone's client networks, set by
 * operators ({@link dev.felu.transfer.ZoneTransferService}), and with the TSIG keys of {@code
 * dev.felu.tsig} the whole policy every transfer to a nameserver carries ({@link
 * dev.felu.transfer.TransferPolicyRows}).
 */
package dev.felu.transfer;
