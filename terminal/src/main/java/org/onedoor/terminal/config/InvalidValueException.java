package org.onedoor.terminal.config;

/**
 * A value has the right TOML type but is not acceptable. The message says why, without the key
 * or position: {@link TableReader} adds those.
 */
final class InvalidValueException extends Exception {

    InvalidValueException(String reason) {
        super(reason);
    }
}
