/**
 * The database schema: versioned Flyway migrations ({@code db/migration/V*__*.sql} in this module)
 * applied by {@link dev.felu.schema.SchemaMigration} at startup, before any bean that touches the
 * database. EclipseLink never changes the schema.
 */
package dev.felu.schema;
