package dev.felu.web.api;

import java.util.List;

/**
 * The body and answer of {@code /zones/{zone}/transfer}: the client networks (CIDR, IPv4 or IPv6)
 * that may transfer the zone (AXFR/IXFR) from the nameservers without a TSIG key. The keys that may
 * transfer it are set on the keys ({@code PUT /tsig-keys/{name}}).
 */
public record ZoneTransfer(List<String> networks) {}
