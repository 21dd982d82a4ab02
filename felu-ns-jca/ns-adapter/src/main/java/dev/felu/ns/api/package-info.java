/**
 * What the nameserver web app may call on the resource adapter. The web app compiles against this
 * package only (provided scope) and finds the live adapter through an administered object.
 */
package dev.felu.ns.api;
