/**
 * The PrimeFaces admin UI. Backing beans are named after their view and show DTOs, not entities.
 */
package dev.felu.web.ui;
