package io.meshwork.quality.internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A regular expression run as a deterministic automaton over the bytes of a Spark string, with
 * {@code java.util.regex}'s {@code find()} verdict. Spark's RLIKE decodes every value into a Java
 * string and runs a backtracking matcher on it; on a column of ASCII values this does neither.
 *
 * <p>Only a subset of Java's syntax compiles: ASCII literals and escaped punctuation, {@code .},
 * classes ({@code [a-z_]}, {@code [^@]}, {@code \d \w \s} and their negations), groups with
 * {@code |}, the greedy or lazy quantifiers {@code * + ? {n} {n,} {n,m}}, {@code ^} at the very
 * start and {@code $} at the very end. {@link #compile} returns empty for anything else, and the
 * caller keeps RLIKE. A value that is not all ASCII, or that ends with a line terminator (which
 * Java's {@code $} may match before), is handed to {@code java.util.regex}, so every verdict is
 * Java's.
 */
public final class ByteRegex implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAX_NFA_STATES = 4_000;
  private static final int MAX_DFA_STATES = 1_000;
  private static final int DEAD = -1;

  private final String regex;
  private final Pattern pattern;
  /** next[state * 128 + byte]: the next state, or {@link #DEAD}. */
  private final int[] next;
  private final boolean[] accepting;
  private final boolean anchoredEnd;

  private ByteRegex(String regex, int[] next, boolean[] accepting, boolean anchoredEnd) {
    this.regex = regex;
    this.pattern = Pattern.compile(regex);
    this.next = next;
    this.accepting = accepting;
    this.anchoredEnd = anchoredEnd;
  }

  /** The automaton for {@code regex}, or empty when it uses syntax outside the subset (or is invalid). */
  public static Optional<ByteRegex> compile(String regex) {
    try {
      Pattern.compile(regex);
    } catch (RuntimeException invalid) {
      return Optional.empty();
    }
    try {
      return Optional.of(Compiler.build(regex));
    } catch (Unsupported e) {
      return Optional.empty();
    }
  }

  /** Whether the regex is found in {@code value}, as {@code Pattern.compile(regex).matcher(value).find()}. */
  public boolean find(UTF8String value) {
    int n = value.numBytes();
    if (n > 0) {
      byte last = byteAt(value, n - 1);
      if (anchoredEnd && (last == '\n' || last == '\r')) {
        return pattern.matcher(value.toString()).find();
      }
    }
    int state = 0;
    if (!anchoredEnd && accepting[0]) {
      return true;
    }
    for (int i = 0; i < n; i++) {
      byte b = byteAt(value, i);
      if (b < 0) {
        return pattern.matcher(value.toString()).find(); // not ASCII
      }
      state = next[state * 128 + b];
      if (state == DEAD) {
        return false; // anchored at the start, and no match can go on from this ASCII prefix
      }
      if (!anchoredEnd && accepting[state]) {
        return true;
      }
    }
    return anchoredEnd && accepting[state];
  }

  private static byte byteAt(UTF8String value, int i) {
    return Platform.getByte(value.getBaseObject(), value.getBaseOffset() + i);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteRegex other && other.regex.equals(regex);
  }

  @Override
  public int hashCode() {
    return regex.hashCode();
  }

  @Override
  public String toString() {
    return regex;
  }

  private static final class Unsupported extends Exception {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  /** Parses the subset into a Thompson NFA, then builds the DFA by subset construction. */
  private static final class Compiler {
    /** The regex without its anchors. */
    private final String regex;
    private int pos;
    /** Group nesting at {@link #pos}. */
    private int depth;
    /** Whether a {@code |} was met outside any group. */
    private boolean topLevelAlternation;
    /** Per NFA state: the bytes of its one edge (or null) and that edge's target. */
    private final List<BitSet> edgeBytes = new ArrayList<>();
    private final List<Integer> edgeTarget = new ArrayList<>();
    private final List<int[]> epsilons = new ArrayList<>();

    private Compiler(String regex) {
      this.regex = regex;
    }

    /** A piece of NFA: its start and its one accepting end. */
    private record Fragment(int start, int end) {}

    static ByteRegex build(String regex) throws Unsupported {
      String body = regex;
      boolean anchoredStart = body.startsWith("^");
      if (anchoredStart) {
        body = body.substring(1);
      }
      boolean anchoredEnd = body.endsWith("$") && !escaped(body, body.length() - 1);
      if (anchoredEnd) {
        body = body.substring(0, body.length() - 1);
      }
      Compiler parser = new Compiler(body);
      Fragment f = parser.alternation();
      if (parser.pos != body.length()) {
        throw new Unsupported();
      }
      if ((anchoredStart || anchoredEnd) && parser.topLevelAlternation) {
        throw new Unsupported(); // ^a|b$ anchors each branch, not the whole
      }
      return parser.dfa(f, regex, anchoredStart, anchoredEnd);
    }

    private static boolean escaped(String s, int i) {
      int backslashes = 0;
      for (int k = i - 1; k >= 0 && s.charAt(k) == '\\'; k--) {
        backslashes++;
      }
      return backslashes % 2 == 1;
    }

    private int state() throws Unsupported {
      if (edgeBytes.size() >= MAX_NFA_STATES) {
        throw new Unsupported();
      }
      edgeBytes.add(null);
      edgeTarget.add(-1);
      epsilons.add(new int[0]);
      return edgeBytes.size() - 1;
    }

    private void epsilon(int from, int to) {
      int[] old = epsilons.get(from);
      int[] grown = Arrays.copyOf(old, old.length + 1);
      grown[old.length] = to;
      epsilons.set(from, grown);
    }

    private Fragment bytes(BitSet set) throws Unsupported {
      int s = state();
      int e = state();
      edgeBytes.set(s, set);
      edgeTarget.set(s, e);
      return new Fragment(s, e);
    }

    private Fragment empty() throws Unsupported {
      int s = state();
      int e = state();
      epsilon(s, e);
      return new Fragment(s, e);
    }

    private boolean more() {
      return pos < regex.length();
    }

    private char peek() {
      return regex.charAt(pos);
    }

    private Fragment alternation() throws Unsupported {
      Fragment first = concatenation();
      if (!more() || peek() != '|') {
        return first;
      }
      if (depth == 0) {
        topLevelAlternation = true;
      }
      int s = state();
      int e = state();
      epsilon(s, first.start());
      epsilon(first.end(), e);
      while (more() && peek() == '|') {
        pos++;
        Fragment next = concatenation();
        epsilon(s, next.start());
        epsilon(next.end(), e);
      }
      return new Fragment(s, e);
    }

    private Fragment concatenation() throws Unsupported {
      Fragment whole = null;
      while (more() && peek() != '|' && peek() != ')') {
        Fragment piece = repetition();
        if (whole == null) {
          whole = piece;
        } else {
          epsilon(whole.end(), piece.start());
          whole = new Fragment(whole.start(), piece.end());
        }
      }
      return whole == null ? empty() : whole;
    }

    private Fragment repetition() throws Unsupported {
      int firstState = edgeBytes.size();
      Fragment atom = atom();
      int endState = edgeBytes.size();
      if (!more()) {
        return atom;
      }
      int min;
      int max; // -1: unbounded
      char c = peek();
      if (c == '*') {
        min = 0;
        max = -1;
        pos++;
      } else if (c == '+') {
        min = 1;
        max = -1;
        pos++;
      } else if (c == '?') {
        min = 0;
        max = 1;
        pos++;
      } else if (c == '{') {
        int close = regex.indexOf('}', pos);
        if (close < 0) {
          throw new Unsupported();
        }
        String bounds = regex.substring(pos + 1, close);
        if (!bounds.matches("\\d{1,3}(,\\d{0,3})?")) {
          throw new Unsupported();
        }
        int comma = bounds.indexOf(',');
        min = Integer.parseInt(comma < 0 ? bounds : bounds.substring(0, comma));
        max = comma < 0 ? min : comma == bounds.length() - 1 ? -1 : Integer.parseInt(bounds.substring(comma + 1));
        if (max >= 0 && max < min) {
          throw new Unsupported();
        }
        pos = close + 1;
      } else {
        return atom;
      }
      if (more() && peek() == '?') {
        pos++; // lazy: the same verdict for find()
      } else if (more() && (peek() == '+' || peek() == '*' || peek() == '{')) {
        throw new Unsupported(); // possessive, or a quantifier of a quantifier
      }
      return repeat(atom, firstState, endState, min, max);
    }

    /**
     * {@code atom} (built as NFA states {@code [firstState, endState)}) min times, then max - min
     * optional copies, or a loop when unbounded.
     */
    private Fragment repeat(Fragment atom, int firstState, int endState, int min, int max) throws Unsupported {
      List<Fragment> copies = new ArrayList<>();
      copies.add(atom);
      for (int i = 1; i < Math.max(min, max); i++) {
        copies.add(copy(atom, firstState, endState));
      }
      int s = state();
      int e = state();
      int current = s;
      for (int i = 0; i < min; i++) {
        Fragment f = copies.get(i);
        epsilon(current, f.start());
        current = f.end();
      }
      if (max < 0) {
        Fragment loop = min > 0 ? copies.get(min - 1) : copies.get(0);
        if (min > 0) {
          epsilon(loop.end(), loop.start()); // one or more of the last copy
          epsilon(current, e);
        } else {
          epsilon(current, loop.start());
          epsilon(loop.end(), loop.start());
          epsilon(loop.end(), e);
          epsilon(current, e);
        }
      } else {
        for (int i = min; i < max; i++) {
          Fragment f = copies.get(i);
          epsilon(current, e); // stop here
          epsilon(current, f.start());
          current = f.end();
        }
        epsilon(current, e);
      }
      return new Fragment(s, e);
    }

    /** A copy of the states {@code [firstState, endState)} that make up {@code atom}. */
    private Fragment copy(Fragment atom, int firstState, int endState) throws Unsupported {
      int offset = edgeBytes.size() - firstState;
      for (int st = firstState; st < endState; st++) {
        int c = state();
        edgeBytes.set(c, edgeBytes.get(st));
        edgeTarget.set(c, edgeTarget.get(st) < 0 ? -1 : edgeTarget.get(st) + offset);
        epsilons.set(c, Arrays.stream(epsilons.get(st)).map(t -> t + offset).toArray());
      }
      return new Fragment(atom.start() + offset, atom.end() + offset);
    }

    private Fragment atom() throws Unsupported {
      char c = regex.charAt(pos);
      switch (c) {
        case '(' -> {
          pos++;
          if (regex.startsWith("?:", pos)) {
            pos += 2;
          } else if (more() && peek() == '?') {
            throw new Unsupported(); // lookaround, flags, named groups
          }
          depth++;
          Fragment inner = alternation();
          depth--;
          if (!more() || peek() != ')') {
            throw new Unsupported();
          }
          pos++;
          return inner;
        }
        case '[' -> {
          return bytes(characterClass());
        }
        case '.' -> {
          pos++;
          BitSet any = ascii();
          any.clear('\n');
          any.clear('\r');
          return bytes(any);
        }
        case '\\' -> {
          return bytes(escape());
        }
        case '^', '$', '*', '+', '?', '{', '|', ')' -> throw new Unsupported();
        default -> {
          if (c >= 128) {
            throw new Unsupported();
          }
          pos++;
          BitSet one = new BitSet(128);
          one.set(c);
          return bytes(one);
        }
      }
    }

    private static BitSet ascii() {
      BitSet all = new BitSet(128);
      all.set(0, 128);
      return all;
    }

    /** An escape at {@code pos} ({@code \d}, {@code \.}...), as the bytes it matches. */
    private BitSet escape() throws Unsupported {
      if (pos + 1 >= regex.length()) {
        throw new Unsupported();
      }
      char e = regex.charAt(pos + 1);
      pos += 2;
      BitSet set = new BitSet(128);
      switch (e) {
        case 'd' -> set.set('0', '9' + 1);
        case 'D' -> {
          set.set(0, 128);
          set.clear('0', '9' + 1);
        }
        case 'w', 'W' -> {
          set.set('a', 'z' + 1);
          set.set('A', 'Z' + 1);
          set.set('0', '9' + 1);
          set.set('_');
          if (e == 'W') {
            set.flip(0, 128);
          }
        }
        case 's', 'S' -> {
          for (char w : new char[] {' ', '\t', '\n', 0x0B, '\f', '\r'}) {
            set.set(w);
          }
          if (e == 'S') {
            set.flip(0, 128);
          }
        }
        case 't' -> set.set('\t');
        case 'n' -> set.set('\n');
        case 'r' -> set.set('\r');
        case 'f' -> set.set('\f');
        default -> {
          if (e >= 128 || Character.isLetterOrDigit(e)) {
            throw new Unsupported(); // \b, \p{..}, \x.., back references...
          }
          set.set(e);
        }
      }
      return set;
    }

    /** A class {@code [...]} at {@code pos}: items, ranges, negation; no nesting or intersection. */
    private BitSet characterClass() throws Unsupported {
      pos++; // [
      boolean negated = pos < regex.length() && regex.charAt(pos) == '^';
      if (negated) {
        pos++;
      }
      BitSet set = new BitSet(128);
      boolean first = true;
      while (true) {
        if (pos >= regex.length()) {
          throw new Unsupported();
        }
        char c = regex.charAt(pos);
        if (c == ']' && !first) {
          pos++;
          break;
        }
        if (c == '[' || c == ']' || regex.startsWith("&&", pos)) {
          throw new Unsupported();
        }
        first = false;
        int low;
        if (c == '\\') {
          BitSet escapedSet = escape();
          if (escapedSet.cardinality() != 1) {
            if (isRangeStart()) {
              throw new Unsupported(); // \d-z
            }
            set.or(escapedSet);
            continue;
          }
          low = escapedSet.nextSetBit(0);
        } else {
          if (c >= 128) {
            throw new Unsupported();
          }
          low = c;
          pos++;
        }
        if (isRangeStart()) {
          pos++; // -
          char h = regex.charAt(pos);
          int high;
          if (h == '\\') {
            BitSet escapedSet = escape();
            if (escapedSet.cardinality() != 1) {
              throw new Unsupported();
            }
            high = escapedSet.nextSetBit(0);
          } else {
            if (h >= 128 || h == '[') {
              throw new Unsupported();
            }
            high = h;
            pos++;
          }
          if (high < low) {
            throw new Unsupported();
          }
          set.set(low, high + 1);
        } else {
          set.set(low);
        }
      }
      if (negated) {
        set.flip(0, 128);
      }
      return set;
    }

    /** Whether a {@code -} at {@code pos} starts a range (not a trailing literal {@code -]}). */
    private boolean isRangeStart() {
      return pos + 1 < regex.length() && regex.charAt(pos) == '-' && regex.charAt(pos + 1) != ']';
    }

    private BitSet closure(BitSet states) {
      BitSet closed = (BitSet) states.clone();
      int[] stack = new int[edgeBytes.size()];
      int top = 0;
      for (int s = states.nextSetBit(0); s >= 0; s = states.nextSetBit(s + 1)) {
        stack[top++] = s;
      }
      while (top > 0) {
        int s = stack[--top];
        for (int t : epsilons.get(s)) {
          if (!closed.get(t)) {
            closed.set(t);
            stack[top++] = t;
          }
        }
      }
      return closed;
    }

    /** The DFA of fragment {@code f}, for the whole {@code original} regex (anchors included). */
    private ByteRegex dfa(Fragment f, String original, boolean anchoredStart, boolean anchoredEnd) throws Unsupported {
      BitSet start = new BitSet();
      start.set(f.start());
      start = closure(start);
      Map<BitSet, Integer> ids = new HashMap<>();
      List<BitSet> sets = new ArrayList<>();
      ids.put(start, 0);
      sets.add(start);
      List<int[]> rows = new ArrayList<>();
      for (int d = 0; d < sets.size(); d++) {
        BitSet from = sets.get(d);
        int[] row = new int[128];
        for (int b = 0; b < 128; b++) {
          BitSet moved = new BitSet();
          for (int s = from.nextSetBit(0); s >= 0; s = from.nextSetBit(s + 1)) {
            BitSet on = edgeBytes.get(s);
            if (on != null && on.get(b)) {
              moved.set(edgeTarget.get(s));
            }
          }
          BitSet to = closure(moved);
          if (!anchoredStart) {
            to.or(start); // find(): a match may start at any position
          }
          if (to.isEmpty()) {
            row[b] = DEAD;
            continue;
          }
          Integer id = ids.get(to);
          if (id == null) {
            if (sets.size() >= MAX_DFA_STATES) {
              throw new Unsupported();
            }
            id = sets.size();
            ids.put(to, id);
            sets.add(to);
          }
          row[b] = id;
        }
        rows.add(row);
      }
      int[] next = new int[rows.size() * 128];
      boolean[] accepting = new boolean[rows.size()];
      for (int d = 0; d < rows.size(); d++) {
        System.arraycopy(rows.get(d), 0, next, d * 128, 128);
        accepting[d] = sets.get(d).get(f.end());
      }
      return new ByteRegex(original, next, accepting, anchoredEnd);
    }
  }
}
