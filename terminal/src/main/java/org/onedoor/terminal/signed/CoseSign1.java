package org.onedoor.terminal.signed;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

/**
 * A COSE_Sign1 message (RFC 9052): the protected header exactly as signed, the algorithm and key
 * id, the payload and the signature.
 */
record CoseSign1(byte[] protectedHeader, int algorithm, byte[] kid, byte[] payload, byte[] signature) {
    static final int ES256 = -7;
    static final int PS256 = -37;
    /** No algorithm in the header; such a message can never verify. */
    static final int NO_ALGORITHM = 0;

    private static final int TAG_CWT = 61;
    private static final int TAG_SIGN1 = 18;
    private static final CBORObject ALG = CBORObject.FromObject(1);
    private static final CBORObject KID = CBORObject.FromObject(4);

    /** Accepts tag 18, tag 61 around tag 18, or no tag, as issuers do all three. */
    static CoseSign1 parse(byte[] cbor) throws CodeFormatException {
        CBORObject message = Cbor.decode(cbor, "cose");
        try {
            message = untag(message);
            if (message.getType() != CBORType.Array || message.size() != 4) {
                throw new CodeFormatException("cose");
            }
            byte[] protectedHeader = bytes(message.get(0));
            CBORObject unprotected = message.get(1);
            byte[] payload = bytes(message.get(2));
            byte[] signature = bytes(message.get(3));
            if (unprotected.getType() != CBORType.Map) {
                throw new CodeFormatException("cose");
            }
            CBORObject header = protectedHeader.length == 0 ? CBORObject.NewMap() : Cbor.decode(protectedHeader, "cose");
            if (header.getType() != CBORType.Map) {
                throw new CodeFormatException("cose");
            }
            return new CoseSign1(protectedHeader, algorithm(header, unprotected), kid(header, unprotected), payload,
                    signature);
        } catch (IllegalStateException | IllegalArgumentException | ArithmeticException e) {
            throw new CodeFormatException("cose");
        }
    }

    private static CBORObject untag(CBORObject message) throws CodeFormatException {
        CBORObject inner = message;
        if (inner.HasMostOuterTag(TAG_CWT)) {
            inner = inner.UntagOne();
        }
        if (inner.HasMostOuterTag(TAG_SIGN1)) {
            inner = inner.UntagOne();
        }
        if (inner.isTagged()) {
            throw new CodeFormatException("cose");
        }
        return inner;
    }

    /** The protected header wins: only it is covered by the signature. */
    private static int algorithm(CBORObject header, CBORObject unprotected) throws CodeFormatException {
        CBORObject alg = header.ContainsKey(ALG) ? header.get(ALG) : unprotected.get(ALG);
        if (alg == null) {
            return NO_ALGORITHM;
        }
        if (alg.getType() != CBORType.Integer || !alg.CanValueFitInInt32()) {
            throw new CodeFormatException("cose");
        }
        return alg.AsInt32Value();
    }

    private static byte[] kid(CBORObject header, CBORObject unprotected) throws CodeFormatException {
        CBORObject kid = header.ContainsKey(KID) ? header.get(KID) : unprotected.get(KID);
        if (kid == null) {
            return null;
        }
        return bytes(kid);
    }

    private static byte[] bytes(CBORObject item) throws CodeFormatException {
        if (item == null || item.isTagged() || item.getType() != CBORType.ByteString) {
            throw new CodeFormatException("cose");
        }
        return item.GetByteString();
    }

    /** The bytes the signature covers: {@code ["Signature1", protected, h'', payload]}. */
    byte[] toBeSigned() {
        return CBORObject.NewArray()
                .Add(CBORObject.FromObject("Signature1"))
                .Add(CBORObject.FromObject(protectedHeader))
                .Add(CBORObject.FromObject(new byte[0]))
                .Add(CBORObject.FromObject(payload))
                .EncodeToBytes();
    }
}
