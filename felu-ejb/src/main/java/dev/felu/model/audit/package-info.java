/** The audit log's entries: who changed what, when, from where, with before and after. */
package dev.felu.model.audit;
