/**
 * Little-endian float32 bytes, base64-encoded: the `encoding_format: "base64"` wire form that the
 * official OpenAI clients decode (whatever the host's byte order).
 *
 * @example
 * float32ToBase64(new Float32Array([1])); // 'AACAPw=='
 */
export function float32ToBase64(vector: Float32Array): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i] ?? 0, i * 4);
  return bytes.toString('base64');
}
