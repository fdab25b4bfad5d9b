function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * The Hub download URL of one repo file: `${endpoint}/${repo}/resolve/${revision}/${path}`.
 *
 * @example
 * hubFileUrl('https://huggingface.co', 'Xenova/bge-small-en-v1.5', 'main', 'onnx/model.onnx');
 * // 'https://huggingface.co/Xenova/bge-small-en-v1.5/resolve/main/onnx/model.onnx'
 */
export function hubFileUrl(endpoint: string, repo: string, revision: string, path: string): string {
  return `${endpoint.replace(/\/+$/, '')}/${encodePath(repo)}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`;
}
