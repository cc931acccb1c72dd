package org.flexisip.deploy;

import java.util.List;

/** {@link LinphoneClientsTest} on the {@code internal} registrar database (the default). */
class LinphoneClientsOnInternalDbTest extends LinphoneClientsTest {
    @Override
    List<String> registrarDatabase() {
        return List.of();
    }

    @Override
    void stopRegistrarDatabase() {
    }
}
