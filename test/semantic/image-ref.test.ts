import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../../grammar/index.js';

describe('image references', () => {
  it.each([
    ['ubuntu', undefined, 'ubuntu', undefined, undefined, 'docker.io/library/ubuntu', true],
    ['ubuntu:24.04', undefined, 'ubuntu', '24.04', undefined, 'docker.io/library/ubuntu', true],
    ['bitnami/redis:7.2', undefined, 'bitnami/redis', '7.2', undefined, 'docker.io/bitnami/redis', false],
    ['docker.io/library/nginx', 'docker.io', 'library/nginx', undefined, undefined, 'docker.io/library/nginx', true],
    ['localhost/app', 'localhost', 'app', undefined, undefined, 'localhost/app', false],
    ['localhost:5000/app:dev', 'localhost:5000', 'app', 'dev', undefined, 'localhost:5000/app', false],
    ['mcr.microsoft.com/dotnet/sdk:8.0', 'mcr.microsoft.com', 'dotnet/sdk', '8.0', undefined, 'mcr.microsoft.com/dotnet/sdk', false],
    ['alpine@sha256:' + 'c'.repeat(64), undefined, 'alpine', undefined, 'sha256:' + 'c'.repeat(64), 'docker.io/library/alpine', true],
  ])('%s', (text, registry, repository, tag, digest, fullName, official) => {
    const r = parseImageRef(text);
    expect([r.registry?.value, r.repository.value, r.tag?.value, r.digest?.value, r.fullName, r.official, r.error]).toEqual([
      registry,
      repository,
      tag,
      digest,
      fullName,
      official,
      undefined,
    ]);
    // Part offsets point into the text.
    expect(text.slice(r.repository.start, r.repository.end)).toBe(repository);
    if (r.tag) expect(text.slice(r.tag.start, r.tag.end)).toBe(tag);
  });

  it.each([
    ['busybox:', 'the tag after `:` is empty'],
    ['Ubuntu', 'lower-case'],
    ['my_registry/app', undefined],
    ['alpine:-bad', 'not a valid tag'],
    ['alpine@sha256:123', 'not a valid digest'],
    ['a//b', 'not a valid repository name'],
    ['', 'empty'],
  ])('invalid: %s', (text, error) => {
    const r = parseImageRef(text);
    if (error === undefined) expect(r.error).toBeUndefined();
    else expect(r.error).toContain(error);
  });
});
