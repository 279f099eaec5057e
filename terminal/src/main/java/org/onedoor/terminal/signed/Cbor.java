package org.onedoor.terminal.signed;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;

/**
 * Strict CBOR decoding: one item, no trailing bytes, no duplicate map keys, the shape bounded by
 * {@link CborShape} before the decoder recurses into it; any defect is one word.
 */
final class Cbor {
    private Cbor() {
    }

    static CBORObject decode(byte[] data, String failureWord) throws CodeFormatException {
        if (!CborShape.bounded(data)) {
            throw new CodeFormatException(failureWord);
        }
        try {
            return CBORObject.DecodeFromBytes(data);
        } catch (CBORException | IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            throw new CodeFormatException(failureWord);
        }
    }
}
