/**
 * The Dockerfile grammar: a Chevrotain CstParser over the lexer's tokens, with error recovery on. Trivia never
 * reaches it (the lowering puts it back). The lexer has already decided the hard, context-sensitive questions
 * (JSON or shell form, heredoc markers, legacy ENV), so the grammar states each instruction's shape: what is
 * required, what is optional, and — in `leftover` — whatever an instruction does not take, which stays inside
 * that instruction as an error instead of derailing the rest of the file.
 */
import { CstParser, LLkLookaheadStrategy, tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import { FirstSetLookahead, resyncFollows } from './lookahead.js';
import {
  ALL_TOKENS,
  Argument,
  AsKeyword,
  Flag,
  FlagTerminator,
  HealthcheckType,
  HeredocBody,
  HeredocEnd,
  HeredocMarker,
  JsonClose,
  JsonComma,
  JsonOpen,
  JsonString,
  JsonValue,
  KeyValueWord,
  LegacyKey,
  ShellText,
  TriggerKeyword,
  UnknownKeyword,
  Word,
  keywordToken,
} from '../lexer/tokens.js';
import type { FileCstNode } from './cst.js';
import { messageProvider } from './messages.js';

const K = {
  FROM: keywordToken('FROM'),
  RUN: keywordToken('RUN'),
  CMD: keywordToken('CMD'),
  ENTRYPOINT: keywordToken('ENTRYPOINT'),
  SHELL: keywordToken('SHELL'),
  COPY: keywordToken('COPY'),
  ADD: keywordToken('ADD'),
  VOLUME: keywordToken('VOLUME'),
  EXPOSE: keywordToken('EXPOSE'),
  USER: keywordToken('USER'),
  WORKDIR: keywordToken('WORKDIR'),
  STOPSIGNAL: keywordToken('STOPSIGNAL'),
  MAINTAINER: keywordToken('MAINTAINER'),
  ENV: keywordToken('ENV'),
  LABEL: keywordToken('LABEL'),
  ARG: keywordToken('ARG'),
  HEALTHCHECK: keywordToken('HEALTHCHECK'),
  ONBUILD: keywordToken('ONBUILD'),
};

export class DockerfileParser extends CstParser {
  /**
   * `chevrotainTables`: let Chevrotain compute its own lookahead and recovery tables (tests compare them with
   * ours); by default they come from ./lookahead.ts, built when first needed.
   */
  constructor(options: { chevrotainTables?: boolean } = {}) {
    super(ALL_TOKENS, {
      recoveryEnabled: true,
      maxLookahead: 1,
      lookaheadStrategy: options.chevrotainTables ? new LLkLookaheadStrategy({ maxLookahead: 1 }) : new FirstSetLookahead(),
      skipValidations: !options.chevrotainTables,
      errorMessageProvider: messageProvider,
    });
    if (options.chevrotainTables) {
      this.performSelfAnalysis();
      return;
    }
    // Chevrotain builds the follow sets that error recovery re-synchronises on during performSelfAnalysis when
    // recovery is on; most files have no syntax error, so they are built on first use instead.
    const self = this as unknown as { recoveryEnabled: boolean; resyncFollows: Record<string, TokenType[]> };
    self.recoveryEnabled = false;
    this.performSelfAnalysis();
    self.recoveryEnabled = true;
    let follows: Record<string, TokenType[]> | undefined;
    Object.defineProperty(this, 'resyncFollows', {
      configurable: true,
      get: () => (follows ??= resyncFollows(Object.values(this.getGAstProductions()))),
      set: (v: Record<string, TokenType[]>) => {
        follows = v;
      },
    });
  }

  /**
   * The instructions, as alternatives. Each instruction is its own rule; there is no wrapper rule around them,
   * so an instruction costs one CST node. Built once per use site (Chevrotain caches lookahead per OR).
   */
  private instructionAlts(label?: string): Array<{ ALT: () => unknown }> {
    const rules = [
      this.from, this.run, this.cmd, this.entrypoint, this.shell, this.copy, this.add, this.volume, this.expose, this.user,
      this.workdir, this.stopsignal, this.maintainer, this.env, this.label, this.arg, this.healthcheck, this.onbuild, this.unknown,
    ];
    return rules.map((r) => ({ ALT: () => this.SUBRULE(r, label ? { LABEL: label } : undefined) }));
  }

  private fileAlts?: Array<{ ALT: () => unknown }>;
  private triggerAlts?: Array<{ ALT: () => unknown }>;

  file = this.RULE('file', () => {
    this.MANY(() => {
      this.OR((this.fileAlts ??= [...this.instructionAlts(), { ALT: () => this.CONSUME(Argument) }]));
    });
  });

  // --- building blocks -------------------------------------------------------------------------------------

  /** Entered only when a flag is there (OPTION), so instructions without flags make no empty CST node. */
  private flags = this.RULE('flags', () => {
    this.AT_LEAST_ONE(() => {
      this.OR([{ ALT: () => this.CONSUME(Flag) }, { ALT: () => this.CONSUME(FlagTerminator) }]);
    });
  });

  /** Tokens an instruction does not take: kept in the instruction, reported by the validator. */
  private leftover = this.RULE('leftover', () => {
    this.AT_LEAST_ONE(() => this.CONSUME(Argument));
  });

  private jsonArray = this.RULE('jsonArray', () => {
    this.CONSUME(JsonOpen);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(JsonString) },
        { ALT: () => this.CONSUME(JsonValue) },
        { ALT: () => this.CONSUME(JsonComma) },
      ]);
    });
    this.CONSUME(JsonClose);
  });

  private shellForm = this.RULE('shellForm', () => {
    this.AT_LEAST_ONE(() => {
      this.OR([{ ALT: () => this.CONSUME(ShellText) }, { ALT: () => this.CONSUME(HeredocMarker) }]);
    });
  });

  private heredocs = this.RULE('heredocs', () => {
    this.AT_LEAST_ONE(() => {
      this.OR([{ ALT: () => this.CONSUME(HeredocBody) }, { ALT: () => this.CONSUME(HeredocEnd) }]);
    });
  });

  private execOrShell(): void {
    this.OPTION(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.jsonArray) }, { ALT: () => this.SUBRULE(this.shellForm) }]);
    });
  }

  private sources = this.RULE('sources', () => {
    this.AT_LEAST_ONE(() => {
      this.OR([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(HeredocMarker) }]);
    });
  });

  // --- instructions ----------------------------------------------------------------------------------------

  from = this.RULE('from', () => {
    this.CONSUME(K.FROM);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.CONSUME(Word, { LABEL: 'image' });
    this.OPTION(() => {
      this.CONSUME(AsKeyword);
      this.CONSUME2(Word, { LABEL: 'stageName' });
    });
    this.OPTION9(() => this.SUBRULE(this.leftover));
  });

  run = this.RULE('run', () => {
    this.CONSUME(K.RUN);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.execOrShell();
    this.OPTION8(() => this.SUBRULE(this.heredocs));
    this.OPTION9(() => this.SUBRULE(this.leftover));
  });

  cmd = this.RULE('cmd', () => {
    this.CONSUME(K.CMD);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.execOrShell();
    this.OPTION9(() => this.SUBRULE(this.leftover));
  });

  entrypoint = this.RULE('entrypoint', () => {
    this.CONSUME(K.ENTRYPOINT);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.execOrShell();
    this.OPTION9(() => this.SUBRULE(this.leftover));
  });

  shell = this.RULE('shell', () => {
    this.CONSUME(K.SHELL);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.OR([{ ALT: () => this.SUBRULE(this.jsonArray) }]);
    this.OPTION9(() => this.SUBRULE(this.leftover));
  });

  copy = this.RULE('copy', () => {
    this.CONSUME(K.COPY);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.copyArgs();
  });

  add = this.RULE('add', () => {
    this.CONSUME(K.ADD);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.copyArgs();
  });

  private copyArgs(): void {
    this.OR([{ ALT: () => this.SUBRULE(this.jsonArray) }, { ALT: () => this.SUBRULE(this.sources) }]);
    this.OPTION8(() => this.SUBRULE(this.heredocs));
    this.OPTION9(() => this.SUBRULE(this.leftover));
  }

  volume = this.RULE('volume', () => {
    this.CONSUME(K.VOLUME);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.OR([{ ALT: () => this.SUBRULE(this.jsonArray) }, { ALT: () => this.AT_LEAST_ONE(() => this.CONSUME(Word)) }]);
    this.OPTION9(() => this.SUBRULE(this.leftover));
  });

  expose = this.RULE('expose', () => this.wordsInstruction(K.EXPOSE));
  user = this.RULE('user', () => this.wordsInstruction(K.USER));
  workdir = this.RULE('workdir', () => this.wordsInstruction(K.WORKDIR));
  stopsignal = this.RULE('stopsignal', () => this.wordsInstruction(K.STOPSIGNAL));
  maintainer = this.RULE('maintainer', () => this.wordsInstruction(K.MAINTAINER));

  private wordsInstruction(keyword: TokenType): void {
    this.CONSUME(keyword);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.AT_LEAST_ONE(() => this.CONSUME(Word));
    this.OPTION9(() => this.SUBRULE(this.leftover));
  }

  env = this.RULE('env', () => this.keyValueInstruction(K.ENV));
  label = this.RULE('label', () => this.keyValueInstruction(K.LABEL));

  private keyValueInstruction(keyword: TokenType): void {
    this.CONSUME(keyword);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LegacyKey);
          this.MANY(() => this.CONSUME(ShellText, { LABEL: 'legacyValue' }));
        },
      },
      { ALT: () => this.AT_LEAST_ONE(() => this.CONSUME(KeyValueWord)) },
    ]);
    this.OPTION9(() => this.SUBRULE(this.leftover));
  }

  arg = this.RULE('arg', () => {
    this.CONSUME(K.ARG);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.AT_LEAST_ONE(() => this.CONSUME(KeyValueWord));
    this.OPTION9(() => this.SUBRULE(this.leftover));
  });

  healthcheck = this.RULE('healthcheck', () => {
    this.CONSUME(K.HEALTHCHECK);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.CONSUME(HealthcheckType);
    this.execOrShell();
    this.OPTION9(() => this.SUBRULE(this.leftover));
  });

  onbuild = this.RULE('onbuild', () => {
    this.CONSUME(K.ONBUILD);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.OPTION({
      GATE: () => tokenMatcher(this.LA(1), TriggerKeyword),
      DEF: () => this.OR2((this.triggerAlts ??= this.instructionAlts('trigger'))),
    });
    this.OPTION9(() => this.SUBRULE(this.leftover));
  });

  unknown = this.RULE('unknown', () => {
    this.CONSUME(UnknownKeyword);
    this.OPTION1(() => this.SUBRULE(this.flags));
    this.OPTION9(() => this.SUBRULE(this.leftover));
  });
}

let instance: DockerfileParser | undefined;

/** The one shared parser instance (constructing it runs Chevrotain's grammar analysis once). */
export function getParser(): DockerfileParser {
  instance ??= new DockerfileParser();
  return instance;
}

export interface ParserOutput {
  cst: FileCstNode;
  errors: Array<{ message: string; token: IToken; previousToken?: IToken; ruleStack: string[] }>;
}

export function parseTokens(tokens: IToken[]): ParserOutput {
  const parser = getParser();
  parser.input = tokens;
  const cst = parser.file() as FileCstNode;
  const errors = parser.errors.map((e) => ({
    message: e.message,
    token: e.token,
    previousToken: (e as { previousToken?: IToken }).previousToken,
    ruleStack: e.context.ruleStack,
  }));
  // The parser is shared: let go of this file's tokens now rather than at the next parse (each scavenge of V8's
  // young generation copied them while they stayed reachable from here; ~2/3 of what each one promoted).
  parser.input = [];
  return { cst, errors };
}
