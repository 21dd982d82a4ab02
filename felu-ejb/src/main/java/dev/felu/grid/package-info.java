/**
 * The data grid the instances of a clustered management tier share: Payara's Hazelcast, reached
 * through JCache (JSR-107) only, so that nothing here names Hazelcast and the grid never needs a
 * class of ours. {@link dev.felu.grid.DataGrid} finds Payara's cache manager (or says there is
 * none: a single Payara Micro with Hazelcast off, as the in-container tests run) and makes expiring
 * caches of text; {@link dev.felu.grid.CacheEntries} changes one entry atomically with JCache's
 * compare-and-set operations. Users: the login throttle ({@code dev.felu.account.LoginThrottle}).
 * See ARCHITECTURE.md#flow-cluster.
 */
package dev.felu.grid;
