package dev.felu.zone;

/** A zone in a list: its name and how many records it holds. */
public record ZoneSummary(String name, Long records) {}
