package org.flexisip.common.registrar;

import java.util.List;

import org.flexisip.common.config.ConfigSection;

/**
 * The {@code module::Registrar} parameters the database itself applies (spec/proxy.md §12 rules 15–18).
 *
 * @param uniqueIdParameters      parameters identifying a device, in order ({@code +sip.instance pn-tok line})
 * @param maxContactsByAor        bindings kept per record; the least recently updated are evicted
 * @param messageExpiresParamName the contact parameter extending a binding for MESSAGE only
 */
public record RegistrarSettings(List<String> uniqueIdParameters, int maxContactsByAor,
        String messageExpiresParamName) {

    public RegistrarSettings {
        uniqueIdParameters = List.copyOf(uniqueIdParameters);
    }

    public static RegistrarSettings from(ConfigSection registrar) {
        return new RegistrarSettings(registrar.getStringList("unique-id-parameters"),
                registrar.getInt("max-contacts-by-aor"), registrar.getString("message-expires-param-name"));
    }
}
