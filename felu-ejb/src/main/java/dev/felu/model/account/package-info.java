/**
 * Who may use the management server: local accounts (PBKDF2-hashed passwords), API tokens (stored
 * as SHA-256 of their secret) and the roles both carry.
 */
package dev.felu.model.account;
