package dev.felu.nameserver;

/**
 * A nameserver as an operator registers it. Its link key is not part of it: the management server
 * generates it and returns it once, as a bootstrap token.
 *
 * @param name short unique name such as {@code ns1}
 * @param configUrl its config endpoint, {@code ws://} or {@code wss://…/ns/config}
 * @param dnsHost address where it answers DNS
 * @param dnsPort port where it answers DNS (53 in production)
 * @param enabled false keeps it registered but leaves it alone (no connection, no push)
 */
public record NameserverSpec(
    String name, String configUrl, String dnsHost, Integer dnsPort, Boolean enabled) {}
