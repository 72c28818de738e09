package io.cartback.profile.service;

/** Another replica changed an identifier or profile this batch read; the batch is retried from fresh state. */
public class ConcurrentUpdateException extends RuntimeException {
    public ConcurrentUpdateException(String message) {
        super(message, null, false, false);
    }
}
