package org.onedoor.terminal.signed;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;

/** Strict CBOR decoding: one item, no trailing bytes, no duplicate map keys; any defect is one word. */
final class Cbor {
    private Cbor() {
    }

    static CBORObject decode(byte[] data, String failureWord) throws CodeFormatException {
        try {
            return CBORObject.DecodeFromBytes(data);
        } catch (CBORException | IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            throw new CodeFormatException(failureWord);
        }
    }
}
