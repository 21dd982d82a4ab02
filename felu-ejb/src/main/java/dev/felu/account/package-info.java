/**
 * Accounts, API tokens, roles and zone scopes: logging in (PBKDF2 passwords, throttled), making and
 * revoking tokens, and the first admin from configuration. The HTTP side (mechanism, filters) lives
 * in felu-web.
 */
package dev.felu.account;
