package dev.felu.zone;

/**
 * A record as a person or script writes it.
 *
 * @param name owner: {@code @} for the apex, relative ({@code www}) or absolute ({@code
 *     www.example.test.})
 * @param type mnemonic such as {@code A}, {@code MX}
 * @param ttl seconds; null means 3600
 * @param data RDATA in zone-file presentation form, e.g. {@code 10 mail} for MX
 */
public record RecordSpec(String name, String type, Long ttl, String data) {}
