package dev.felu.ns.adapter;

import dev.felu.ns.api.ConfigLinkRefused;
import dev.felu.ns.api.NameserverControl;
import dev.felu.ns.api.NameserverMetrics;
import jakarta.resource.spi.AdministeredObject;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.io.Serializable;
import java.util.Optional;

/**
 * The handle the web app looks up in JNDI. The container associates it with the live adapter, so
 * calls reach the one engine that owns the sockets.
 */
@AdministeredObject(adminObjectInterfaces = NameserverControl.class)
public class NameserverControlObject
    implements NameserverControl, ResourceAdapterAssociation, Serializable {
  private static final long serialVersionUID = 1L;

  private transient NameserverAdapter adapter;

  @Override
  public ResourceAdapter getResourceAdapter() {
    return adapter;
  }

  @Override
  public void setResourceAdapter(ResourceAdapter ra) {
    this.adapter = (NameserverAdapter) ra;
  }

  @Override
  public byte[] handleConfigFrame(byte[] frame) {
    return adapter.engine().handleConfigFrame(frame);
  }

  @Override
  public void configLinkClosed() {
    if (adapter != null) {
      adapter.engine().configLinkClosed();
    }
  }

  @Override
  public String refuseConfigLink(long epoch) {
    return engine().refuseConfigLink(epoch);
  }

  @Override
  public long openConfigLink(long epoch, Runnable close) throws ConfigLinkRefused {
    return engine().openConfigLink(epoch, close);
  }

  @Override
  public byte[] handleConfigFrame(long link, byte[] frame) {
    return engine().handleConfigFrame(link, frame);
  }

  @Override
  public void configLinkClosed(long link) {
    if (adapter != null) {
      adapter.engine().configLinkClosed(link);
    }
  }

  private NameserverEngine engine() {
    if (adapter == null) {
      throw new IllegalStateException("adapter not associated");
    }
    return adapter.engine();
  }

  @Override
  public boolean isServing() {
    return adapter != null && adapter.engine().isServing();
  }

  @Override
  public String describeConfig() {
    return adapter == null ? "adapter not associated" : adapter.engine().describeConfig();
  }

  @Override
  public Optional<String> configRefusal() {
    return adapter == null ? Optional.empty() : adapter.engine().configRefusal();
  }

  @Override
  public NameserverMetrics metrics() {
    if (adapter == null) {
      throw new IllegalStateException("adapter not associated");
    }
    return adapter.engine().metrics();
  }

  @Override
  public Optional<String> failure() {
    return adapter == null
        ? Optional.of("resource adapter not associated")
        : adapter.engine().failure();
  }
}
