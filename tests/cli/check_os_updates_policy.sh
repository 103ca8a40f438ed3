# check_os_updates_policy.sh: apt's candidate policy, compared with apt itself on
# seeded random fixtures: suites with and without NotAutomatic /
# ButAutomaticUpgrades, generic and package pins of every kind and priority
# (negative, below and above 100, 990, 1000 and above), src: pins over
# binaries sharing a source, APT::Default-Release in apt.conf.d, several
# versions per package, foreign-architecture packages. apt runs through
# APT_CONFIG, so it reads the fixture's apt.conf.d as reentry does.
. "$TOP/tests/lib.sh"

command -v apt >/dev/null 2>&1 || { ok "apt not installed (# SKIP)"; exit 0; }
ROUNDS=${ROUNDS:-25}

python3 - "$TMP" "$ROUNDS" <<'PY'
import os, random, sys
top, rounds = sys.argv[1], int(sys.argv[2])
suites = ["stable", "stable-security", "stable-updates", "stable-backports", "testing", "experimental"]
prios = [-1, 1, 50, 99, 100, 101, 400, 500, 501, 600, 990, 1000, 1001, 1200]
for r in range(rounds):
    rnd = random.Random(1000 + r)
    root = os.path.join(top, "r%d" % r)
    lists = os.path.join(root, "var/lib/apt/lists")
    for d in ("var/lib/dpkg", "var/lib/apt/lists/partial", "etc/apt/preferences.d", "var/cache/apt", "var/log/apt"):
        os.makedirs(os.path.join(root, d))
    open(os.path.join(root, "var/lib/dpkg/arch"), "w").write("amd64\ni386\n")
    pkgs = ["p%d" % i for i in range(12)]
    srcof = {p: "s%d" % (int(p[1:]) % 4) for p in pkgs}
    def ver(rnd):
        v = "%d.%d" % (rnd.randint(1, 3), rnd.randint(0, 3))
        if rnd.random() < 0.3: v += "~rc%d" % rnd.randint(1, 2)
        if rnd.random() < 0.5: v += "-%d" % rnd.randint(1, 3)
        if rnd.random() < 0.1: v = "1:" + v
        return v
    inst = {}
    st = ["Package: dpkg\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.21.22\n"]
    for p in pkgs:
        arch = rnd.choice(["amd64", "amd64", "all", "i386"])
        inst[p] = (arch, ver(rnd))
        st.append("Package: %s\nStatus: install ok installed\nArchitecture: %s\nSource: %s\nVersion: %s\n" % (p, arch, srcof[p], inst[p][1]))
    open(os.path.join(root, "var/lib/dpkg/status"), "w").write("\n".join(st) + "\n")
    used = rnd.sample(suites, rnd.randint(2, len(suites)))
    src = []
    for s in used:
        flags = ""
        x = rnd.random()
        if x < 0.25: flags = "NotAutomatic: yes\n"
        elif x < 0.4: flags = "NotAutomatic: yes\nButAutomaticUpgrades: yes\n"
        open(os.path.join(lists, "fixture.invalid_debian_dists_%s_Release" % s), "w").write(
            "Origin: Fixture\nLabel: L%s\nSuite: %s\nCodename: c%s\nVersion: %d\nArchitectures: amd64 i386\nComponents: main\n%s"
            % (s, s, s, rnd.randint(10, 13), flags))
        for arch in ("amd64", "i386"):
            ents = []
            for p in pkgs:
                if rnd.random() < 0.55:
                    a = inst[p][0]
                    if a == "i386" and arch != "i386": continue
                    if a != "i386" and arch == "i386": continue
                    v = inst[p][1] if rnd.random() < 0.3 else ver(rnd)
                    ents.append("Package: %s\nVersion: %s\nArchitecture: %s\nSource: %s\n" % (p, v, a, srcof[p]))
            open(os.path.join(lists, "fixture.invalid_debian_dists_%s_main_binary-%s_Packages" % (s, arch)), "w").write("\n".join(ents) + "\n" if ents else "")
        src.append("deb [trusted=yes] http://fixture.invalid/debian %s main" % s)
    open(os.path.join(root, "etc/apt/sources.list"), "w").write("\n".join(src) + "\n")
    pref = []
    for i in range(rnd.randint(0, 5)):
        kind = rnd.random()
        pr = rnd.choice(prios)
        if kind < 0.3:
            key = rnd.choice(["a", "n", "l", "v", "o", "c", "a,c", "b"])
            s = rnd.choice(used)
            val = {"a": s, "n": "c" + s, "l": "L" + s, "v": str(rnd.randint(10, 13)), "o": "Fixture",
                   "c": "main", "a,c": "%s, c=main" % s, "b": rnd.choice(["amd64", "i386"])}[key]
            if key == "a,c": key = "a"
            pref.append("Package: *\nPin: release %s=%s\nPin-Priority: %d\n" % (key, val, pr))
        elif kind < 0.6:
            p = rnd.choice(pkgs)
            pref.append("Package: %s\nPin: version %s*\nPin-Priority: %d\n" % (p, ver(rnd)[:3], pr))
        elif kind < 0.85:
            p = rnd.choice(pkgs + ["p1*", "/^p[2-5]$/", "p%d:i386" % rnd.randint(0, 11), "p%d:any" % rnd.randint(0, 11), "p3 p4",
                                  "src:s%d" % rnd.randint(0, 3), "src:s%d:i386" % rnd.randint(0, 3)])
            pref.append("Package: %s\nPin: release a=%s\nPin-Priority: %d\n" % (p, rnd.choice(used), pr))
        elif kind < 0.93:
            pin = rnd.choice(["release a=%s" % rnd.choice(used), "version %s*" % ver(rnd)[:2]])
            pref.append("Package: src:s%d\nPin: %s\nPin-Priority: %d\n" % (rnd.randint(0, 3), pin, pr))
        else:
            pref.append("Package: %s\nPin: origin fixture.invalid\nPin-Priority: %d\n" % (rnd.choice(pkgs), pr))
    if pref:
        open(os.path.join(root, "etc/apt/preferences"), "w").write("\n".join(pref))
    if rnd.random() < 0.35:
        dr = rnd.choice(used + ["c" + rnd.choice(used)])
        os.makedirs(os.path.join(root, "etc/apt/apt.conf.d"), exist_ok=True)
        open(os.path.join(root, "etc/apt/apt.conf.d/50release"), "w").write('APT::Default-Release "%s";\n' % dr)
PY

i=0
same=0
while [ $i -lt "$ROUNDS" ]; do
	r=$TMP/r$i
	"$REENTRY" check os-updates --root "$r" --json >"$TMP/out.json" 2>"$TMP/err"
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))["checks"][0]["details"]
for p in d.get("pending",[]): print(p["package"],p["arch"],p["installed"],p["candidate"])' "$TMP/out.json" | sort >"$TMP/ours"
	printf 'Dir "%s/";\nDir::State::status "%s/var/lib/dpkg/status";\nDir::Cache "%s/var/cache/apt/";\nDir::Log "%s/var/log/apt/";\nAPT::Architecture "amd64";\nAPT::Architectures { "amd64"; "i386"; };\nDebug::NoLocking "1";\n' \
		"$r" "$r" "$r" "$r" >"$r.aptconf"
	APT_CONFIG=$r.aptconf apt list --upgradable 2>/dev/null |
		sed -n 's|^\([^/]*\)/[^ ]* \([^ ]*\) \([^ ]*\) \[upgradable from: \(.*\)\]$|\1 \3 \4 \2|p' | sort >"$TMP/apt"
	if cmp -s "$TMP/ours" "$TMP/apt"; then
		same=$((same + 1))
	else
		notok "random fixture $i: pending set equals apt's" "$(diff "$TMP/ours" "$TMP/apt")" \
			"preferences: $(cat "$r/etc/apt/preferences" 2>/dev/null | tr '\n' '|')"
	fi
	i=$((i + 1))
done
expect_eq "apt and reentry agree on all $ROUNDS random policy fixtures" "$same" "$ROUNDS"
n=$(cat "$TMP"/r*/etc/apt/preferences 2>/dev/null | grep -c '^Pin:')
if [ "$n" -gt 20 ]; then ok "the fixtures hold $n pins"; else notok "the fixtures hold enough pins" "$n"; fi
n=$(cat "$TMP"/r*/etc/apt/preferences 2>/dev/null | grep -c '^Package: src:')
if [ "$n" -gt 2 ]; then ok "the fixtures hold $n src: pins"; else notok "the fixtures hold enough src: pins" "$n"; fi
n=$(ls "$TMP"/r*/etc/apt/apt.conf.d/50release 2>/dev/null | wc -l)
if [ "$n" -gt 2 ]; then ok "$n fixtures set APT::Default-Release"; else notok "enough fixtures set APT::Default-Release" "$n"; fi
if [ -n "${KEEP:-}" ]; then cp -r "$TMP"/r* "$KEEP"/; fi
