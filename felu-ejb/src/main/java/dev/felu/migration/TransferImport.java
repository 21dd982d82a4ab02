package dev.felu.migration;

import java.util.List;

/**
 * Zones to pull from a primary by AXFR: its address ({@code primary}, a host name or an IP
 * address), {@code port} (null: 53), the TSIG key of the store to sign with (null: unsigned), and
 * the zones.
 */
public record TransferImport(String primary, Integer port, String tsigKey, List<String> zones) {}
