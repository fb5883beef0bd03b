package io.openvcluster.server.archives;

/** A store that could not be reached or refused a delete; the message is shown to admins on the image. */
public final class ArchiveStoreException extends RuntimeException {
    public ArchiveStoreException(String message) {
        super(message);
    }

    public ArchiveStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
