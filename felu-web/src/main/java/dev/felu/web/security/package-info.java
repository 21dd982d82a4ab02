/**
 * Jakarta Security for the management server: one {@code HttpAuthenticationMechanism} choosing per
 * request between API credentials (bearer token, HTTP Basic) and the UI's form login, the database
 * identity store, the filter that hands the caller to the services and sets security headers, and
 * the role checks of the REST API. Single sign-on (OpenID Connect, optional) lives in {@code oidc}.
 */
package dev.felu.web.security;
