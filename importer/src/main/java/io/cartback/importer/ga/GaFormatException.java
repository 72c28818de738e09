package io.cartback.importer.ga;

/** The file is not the GA export we expect; names the line and the column. */
public class GaFormatException extends RuntimeException {
    public GaFormatException(String message) {
        super(message);
    }

    public GaFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
