/** The registry of nameservers: which ones exist, where they listen, whether they are enabled. */
package dev.felu.nameserver;
