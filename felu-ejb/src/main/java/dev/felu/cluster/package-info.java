/**
 * The management tier as a cluster (ARCHITECTURE.md#flow-cluster), built on the data grid Payara
 * runs anyway (Hazelcast): {@link dev.felu.cluster.DataGrid} finds it, {@link
 * dev.felu.cluster.FleetLeadership} makes exactly one instance the fleet's driver at a time (a
 * distributed lock held by one thread, a leadership epoch that only grows), and {@link
 * dev.felu.cluster.ClusterSignals} carries the "something changed" events between instances. No
 * election or replication of our own; without a grid every class here says "no grid" and the
 * instance works alone, as before.
 */
package dev.felu.cluster;
