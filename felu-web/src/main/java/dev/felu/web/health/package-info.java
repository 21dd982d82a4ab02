/** MicroProfile Health checks of the management server. */
package dev.felu.web.health;
