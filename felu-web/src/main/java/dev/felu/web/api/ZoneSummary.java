package dev.felu.web.api;

/** A zone in a list: its name and how many records it holds. */
public record ZoneSummary(String name, int records) {}
