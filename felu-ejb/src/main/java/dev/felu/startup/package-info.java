/**
 * Whether this management instance has finished starting: {@link dev.felu.startup.StartupComplete},
 * the last start-up bean (after the schema migration and every other start-up bean), marks {@link
 * dev.felu.startup.StartupState}, which the {@code startup} health check reads without waiting for
 * the container. A load balancer sends an instance traffic only once it is ready (see
 * ARCHITECTURE.md#flow-cluster and docs/operations.md).
 */
package dev.felu.startup;
