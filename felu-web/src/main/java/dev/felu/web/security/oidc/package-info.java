/**
 * Single sign-on through an OpenID Connect provider, off by default: the settings ({@code
 * felu.oidc.*}), the extension that switches Jakarta Security's OpenID mechanism on only when they
 * are complete, and the login steps felu's mechanism hands to it, with the mapping of the
 * provider's groups to felu roles.
 */
package dev.felu.web.security.oidc;
