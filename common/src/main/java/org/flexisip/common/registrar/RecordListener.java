package org.flexisip.common.registrar;

/** Told when a record changes, in this process or another one sharing the backend (spec/registrar-db.md §1). */
@FunctionalInterface
public interface RecordListener {
    /**
     * @param key        the record key
     * @param contactKey the contact key of the binding that changed; empty after a clear or an expiry
     */
    void onRecordChanged(String key, String contactKey);
}
