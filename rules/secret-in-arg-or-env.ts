import type { TextRange } from '../grammar/index.js';
import { defineRule, df } from './define.js';
import { expandedValue } from './utils/instructions.js';

/** BuildKit's words for secrets, matched against the `_`-separated parts of a name, ignoring case. */
const SECRET_WORDS = new Set(['apikey', 'auth', 'credential', 'credentials', 'key', 'password', 'pword', 'passwd', 'secret', 'token']);
/** Parts that make a name not a secret after all (`PUBLIC_KEY`, `TOKEN_FILE`, `KEY_VERSION`). */
/** BuildKit's words that mark public data, plus GPG/PGP: a `GPG_KEY` holds a public key's fingerprint. */
const ALLOWED_WORDS = new Set(['public', 'file', 'version', 'gpg', 'pgp', 'gnupg']);

/** The secret word in a variable name, or undefined. */
function secretWord(name: string): string | undefined {
  const parts = name.toLowerCase().split('_');
  if (parts.some((p) => ALLOWED_WORDS.has(p))) return undefined;
  return parts.find((p) => SECRET_WORDS.has(p));
}

export default defineRule({
  id: 'secret-in-arg-or-env',
  aliases: ['DL3064', 'SecretsUsedInArgOrEnv'],
  category: 'security',
  severity: 'warning',
  status: 'stable',
  since: '0.2.0',
  fixable: 'never',
  onbuild: true,
  messages: {
    secret: '{kind} `{name}` looks like a secret, and {kind} values can be read back from the image: use a secret mount',
  },
  docs: {
    summary: 'An ARG or ENV whose name says it holds a secret (a password, token or key).',
    why:
      'ENV values are stored in the image configuration, and build arguments used by a RUN are recorded in the ' +
      'image history: anyone who can pull the image can read them with `docker inspect` or `docker history`. A ' +
      'token passed this way leaks with every copy of the image. `RUN --mount=type=secret,id=npm_token …` makes a ' +
      'secret available to one step without writing it anywhere in the image.',
    bad: [
      {
        code: df`
          FROM node:22-alpine
          ARG NPM_TOKEN
          RUN npm ci
        `,
      },
      {
        code: df`
          FROM postgres:17
          ENV POSTGRES_PASSWORD=changeme
        `,
      },
    ],
    good: [
      df`
        FROM node:22-alpine
        RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
      `,
      df`
        FROM python:3.12-slim
        ENV TOKENIZERS_PARALLELISM=false PRIVATE_REGISTRY=registry.example.com
      `,
      df`
        FROM postgres:17
        ENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password
        ARG SSH_PUBLIC_KEY
        ARG KEY_VERSION=3
      `,
    ],
    whenNotToUse:
      'Names that merely contain a secret word but hold public data (a host key fingerprint, a key id): ' +
      'suppress the finding on that line.',
    differences: {
      hadolint:
        'Names are matched as BuildKit\'s SecretsUsedInArgOrEnv check matches them — split on `_` into words, ' +
        'reported when one word is a secret word (`token`, `password`, `key`, `secret`, `auth`, `apikey`, ' +
        '`credentials`, …) and none is `public`, `file` or `version`. hadolint looks for substrings, so it reports ' +
        '`TOKENIZERS_PARALLELISM` and `PRIVATE_REGISTRY`, and it also reports user names. Global ARGs (before the ' +
        'first FROM) are not reported, as in BuildKit: they are only visible to FROM lines and never reach the ' +
        'image unless a stage declares them again, which is reported there.',
      buildkit:
        'A name with the word `gpg`, `pgp` or `gnupg` is not reported — `GPG_KEY` in the official images holds the ' +
        'fingerprint of a public signing key. Each name is reported at the name itself: in an ENV or ARG written ' +
        'over several lines that is the name\'s own line, where BuildKit reports every name at the instruction\'s ' +
        'first line.',
    },
    references: [
      'https://docs.docker.com/go/dockerfile/rule/secrets-used-in-arg-or-env/',
      'https://docs.docker.com/build/building/secrets/',
    ],
  },
  create(ctx) {
    const check = (kind: string, raw: string, at: TextRange, instr: Parameters<typeof expandedValue>[2]): void => {
      const name = raw.includes('$') ? expandedValue(ctx, raw, instr) : raw;
      if (name === undefined || secretWord(name) === undefined) return;
      ctx.report({ at, message: 'secret', data: { kind, name } });
    };
    return {
      Arg(arg, { stage, onbuild }) {
        if (!stage && !onbuild) return;
        for (const d of arg.declarations) check('ARG', d.name, d.nameRange, arg);
      },
      Env(env) {
        for (const p of env.pairs) check('ENV', p.key, p.keyRange, env);
      },
    };
  },
});
