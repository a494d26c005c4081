/**
 * @module @kolba/signing
 * itsdangerous-compatible signing and Flask's tagged JSON for Node: the byte format of Flask's
 * session cookie, with key rotation, expiry and constant-time verification.
 */
export { BadData, BadSignature, BadTimeSignature, SignatureExpired, BadPayload } from './errors.js';
export { base64Encode, base64Decode, intToBytes, bytesToInt, wantBytes, type SecretKey } from './encoding.js';
export { Signer, TimestampSigner, type KeyDerivation, type SignerOptions, type UnsignOptions } from './signer.js';
export {
  Serializer,
  TimedSerializer,
  URLSafeSerializer,
  URLSafeTimedSerializer,
  compactJSON,
  pythonJSON,
  type TextSerializer,
  type SerializerOptions,
  type TimedLoadOptions,
} from './serializer.js';
export { TaggedJSONSerializer, taggedJSON, type JSONTag } from './tagged-json.js';
export { tuple, isTuple, MarkupString, UUID, type Tuple } from './types.js';
export {
  pythonJsonDumps,
  pythonJsonString,
  pythonJsonNumber,
  parseJson,
  type PythonJsonOptions,
  type JsonValue,
  type JsonObject,
} from './python-json.js';
export { flaskSessionSerializer, type FlaskSessionSerializerOptions } from './flask.js';
