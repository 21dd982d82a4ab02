package dev.felu.account;

import dev.felu.model.account.ApiToken;

/** A token just made, with its secret: the only moment the secret exists outside the caller. */
public record CreatedToken(ApiToken token, String secret) {}
