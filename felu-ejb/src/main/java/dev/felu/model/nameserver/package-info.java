/** The nameservers the management server pushes configuration to. */
package dev.felu.model.nameserver;
