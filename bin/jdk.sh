# Sourced by ./openspine and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if new enough, the `java` on PATH, then JDKs installed under /usr/lib/jvm
# (newest first). The default java on some machines is 17, so the search matters.
openspine_java_major() { # prints the major version of the JDK at the home given, or 0
  local home=$1 version
  # The JDK's release file names its version without starting a JVM (which costs ~150 ms each).
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$home/release")
  else
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  fi
  version=${version#1.}   # 1.8 style
  echo "${version%%[.+-]*}"
}
openspine_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")" \
                   $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) $(ls -d /opt/*jdk*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(openspine_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  return 1
}
if ! JAVA_HOME=$(openspine_find_jdk); then
  echo "openspine: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm); install one and retry" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
