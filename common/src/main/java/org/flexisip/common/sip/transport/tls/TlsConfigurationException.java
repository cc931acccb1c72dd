package org.flexisip.common.sip.transport.tls;

/**
 * The TLS settings of a transport cannot be used. The message names the file or parameter at fault and why,
 * e.g. {@code cannot read the private key /etc/x.key: encrypted and no passphrase given}, so that it can be shown
 * to the administrator as is (spec/global.md §7).
 */
public final class TlsConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsConfigurationException(String message) {
        super(message);
    }

    public TlsConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
