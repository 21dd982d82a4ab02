/**
 * The audit log: every change to zones, records, nameservers, accounts and tokens records who,
 * when, from where and the before/after, in the change's own transaction. It only records the
 * caller (read from {@code dev.felu.account.CallerContext}); it decides nothing about access.
 */
package dev.felu.audit;
