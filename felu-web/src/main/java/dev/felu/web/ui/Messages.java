package dev.felu.web.ui;

import dev.felu.input.InvalidInputException;
import dev.felu.problem.AccessDeniedException;
import dev.felu.problem.ConflictException;
import dev.felu.problem.NotFoundException;
import dev.felu.problem.PayloadTooLargeException;
import dev.felu.problem.UpstreamException;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a refused change into a message next to the field it concerns. Services name the field
 * ({@link InvalidInputException#field()}, {@link ConflictException#field()}); the page maps that
 * name to the client id of its input. The change itself was rolled back: nothing changed.
 */
final class Messages {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(Messages.class.getName());

  private Messages() {}

  /**
   * Shows {@code e} next to the input for its field, or at the top of the page when the field has
   * no input. Marks validation as failed, so an edited row stays in edit mode.
   *
   * @param clientIds maps a service's field name ({@code name}, {@code data}, …) to a client id
   */
  static void refused(RuntimeException e, Function<String, String> clientIds) {
    FacesContext faces = FacesContext.getCurrentInstance();
    Throwable t = e instanceof EJBException && e.getCause() != null ? e.getCause() : e;
    String field = null;
    String text;
    if (t instanceof InvalidInputException ire) {
      field = ire.field();
      text = ire.getMessage();
    } else if (t instanceof ConflictException ce) {
      field = ce.field();
      text = ce.getMessage();
    } else if (t instanceof UpstreamException ue) {
      field = ue.field();
      text = ue.getMessage();
    } else if (t instanceof PayloadTooLargeException pe) {
      field = pe.field();
      text = pe.getMessage();
    } else if (t instanceof AccessDeniedException || t instanceof NotFoundException) {
      text = t.getMessage();
    } else if (t instanceof jakarta.ejb.EJBAccessException) {
      text = AccessDeniedException.ROLE_REFUSED; // an EJB method's @RolesAllowed refused it
    } else {
      // not the caller's mistake: its text is for the log (it may name classes or quote input)
      LOG.log(java.util.logging.Level.SEVERE, "a change from the UI failed", t);
      text = "The change was not made: the server failed; see its log";
    }
    String clientId = field == null ? null : clientIds.apply(field);
    faces.addMessage(clientId, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, text));
    faces.validationFailed();
  }

  static Function<String, String> fields(Map<String, String> byField, String fallback) {
    return f -> byField.getOrDefault(f, fallback);
  }

  static void info(String text) {
    FacesContext.getCurrentInstance()
        .addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, text));
  }
}
