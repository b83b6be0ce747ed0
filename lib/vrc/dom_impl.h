/* Width-generic implementation of the VRC domain. Included by dom.c (64 bits)
 * and by the tests (8 bits) after defining:
 *   D_BITS  width; D_U / D_S  unsigned / signed type of that width;
 *   D_VAL   the value struct (fields umin umax smin smax kv km);
 *   D_FN(x) the name of function x.
 * Wide intermediates use __int128, exact for every width up to 64. */

typedef unsigned __int128 d_uw;
typedef __int128 d_sw;

#define D_ONE  ((D_U)1)
#define D_SIGN ((D_U)(D_ONE << (D_BITS - 1)))
#define D_UMAX ((D_U) ~(D_U)0)
#define D_SMAX ((D_S)(D_UMAX >> 1))
#define D_SMIN ((D_S)D_SIGN)
#define D_HW   (D_BITS / 2) /* width of the W forms */

static D_VAL D_FN(mk)(D_U umin, D_U umax, D_S smin, D_S smax, D_U kv, D_U km)
{
	D_VAL v;
	v.umin = umin;
	v.umax = umax;
	v.smin = smin;
	v.smax = smax;
	v.kv = kv & (D_U)~km;
	v.km = km;
	return v;
}

D_VAL D_FN(top)(void)
{
	return D_FN(mk)(0, D_UMAX, D_SMIN, D_SMAX, 0, D_UMAX);
}

D_VAL D_FN(const)(D_U c)
{
	return D_FN(mk)(c, c, (D_S)c, (D_S)c, c, 0);
}

bool D_FN(is_const)(const D_VAL *v, D_U *c)
{
	if (v->umin != v->umax)
		return false;
	*c = v->umin;
	return true;
}

static unsigned D_FN(fls)(D_U x) /* 1 + index of the highest set bit, 0 for 0 */
{
	return x ? 64u - (unsigned)__builtin_clzll((unsigned long long)x) : 0;
}

static D_U D_FN(low_mask)(unsigned bits) /* bits ones at the bottom */
{
	return bits >= D_BITS ? D_UMAX : (D_U)((D_ONE << bits) - 1);
}

/* Reduce the three views against each other; false if the value is empty. */
bool D_FN(norm)(D_VAL *v)
{
	for (int it = 0; it < 3; it++) {
		D_VAL before = *v;
		if (v->kv & v->km)
			return false;
		/* known bits bound both interval views */
		D_U tlo = v->kv, thi = (D_U)(v->kv | v->km);
		if (v->umin < tlo)
			v->umin = tlo;
		if (v->umax > thi)
			v->umax = thi;
		D_S tslo = (D_S)(D_U)(v->kv | (v->km & D_SIGN));
		D_S tshi = (D_S)(D_U)((v->kv | v->km) & (D_U) ~(v->km & D_SIGN));
		if (v->smin < tslo)
			v->smin = tslo;
		if (v->smax > tshi)
			v->smax = tshi;
		if (v->umin > v->umax || v->smin > v->smax)
			return false;
		/* an unsigned range inside one half is also a signed range, and back */
		if (!((v->umin ^ v->umax) & D_SIGN)) {
			if (v->smin < (D_S)v->umin)
				v->smin = (D_S)v->umin;
			if (v->smax > (D_S)v->umax)
				v->smax = (D_S)v->umax;
		}
		if ((v->smin < 0) == (v->smax < 0)) {
			if (v->umin < (D_U)v->smin)
				v->umin = (D_U)v->smin;
			if (v->umax > (D_U)v->smax)
				v->umax = (D_U)v->smax;
		}
		if (v->umin > v->umax || v->smin > v->smax)
			return false;
		/* the common prefix of umin and umax is known */
		D_U um = D_FN(low_mask)(D_FN(fls)((D_U)(v->umin ^ v->umax)));
		D_U uv = (D_U)(v->umin & (D_U)~um);
		if ((uv ^ v->kv) & (D_U) ~(um | v->km))
			return false;
		v->kv = (D_U)((v->kv | uv) & (D_U) ~(v->km & um));
		v->km = (D_U)(v->km & um);
		if (!memcmp(&before, v, sizeof before))
			break; /* nothing left to reduce */
	}
	return true;
}

D_VAL D_FN(join)(const D_VAL *a, const D_VAL *b)
{
	D_U m = (D_U)(a->km | b->km | (a->kv ^ b->kv));
	D_VAL r = D_FN(mk)(
	    a->umin < b->umin ? a->umin : b->umin, a->umax > b->umax ? a->umax : b->umax,
	    a->smin < b->smin ? a->smin : b->smin, a->smax > b->smax ? a->smax : b->smax, a->kv, m);
	D_FN(norm)(&r);
	return r;
}

bool D_FN(meet)(D_VAL *a, const D_VAL *b)
{
	if ((a->kv ^ b->kv) & (D_U) ~(a->km | b->km))
		return false;
	a->kv = (D_U)(a->kv | b->kv);
	a->km = (D_U)(a->km & b->km);
	a->kv = (D_U)(a->kv & (D_U)~a->km);
	if (b->umin > a->umin)
		a->umin = b->umin;
	if (b->umax < a->umax)
		a->umax = b->umax;
	if (b->smin > a->smin)
		a->smin = b->smin;
	if (b->smax < a->smax)
		a->smax = b->smax;
	return D_FN(norm)(a);
}

bool D_FN(leq)(const D_VAL *a, const D_VAL *b)
{
	return a->umin >= b->umin && a->umax <= b->umax && a->smin >= b->smin &&
	       a->smax <= b->smax && !(a->km & (D_U)~b->km) && !((a->kv ^ b->kv) & (D_U)~b->km);
}

bool D_FN(contains)(const D_VAL *v, D_U x)
{
	return x >= v->umin && x <= v->umax && (D_S)x >= v->smin && (D_S)x <= v->smax &&
	       (x & (D_U)~v->km) == v->kv;
}

D_VAL D_FN(widen)(const D_VAL *old, const D_VAL *nw, const D_U *uth, size_t nu, const D_S *sth,
		  size_t ns)
{
	D_VAL r = *nw;
	if (nw->umax > old->umax) {
		r.umax = D_UMAX;
		for (size_t i = 0; i < nu; i++)
			if (uth[i] >= nw->umax) {
				r.umax = uth[i];
				break;
			}
	}
	/* lower bounds: counters counting down stop at 1 or 0, so those come first */
	if (nw->umin < old->umin)
		r.umin = nw->umin >= 1 ? 1 : 0;
	if (nw->smax > old->smax) {
		r.smax = D_SMAX;
		for (size_t i = 0; i < ns; i++)
			if (sth[i] >= nw->smax) {
				r.smax = sth[i];
				break;
			}
	}
	if (nw->smin < old->smin) {
		r.smin = D_SMIN;
		if (nw->smin >= -1)
			r.smin = (D_S)(nw->smin >= 1 ? 1 : nw->smin >= 0 ? 0 : -1);
		else
			for (size_t i = ns; i-- > 0;)
				if (sth[i] <= nw->smin) {
					r.smin = sth[i];
					break;
				}
	}
	/* known bits have finite height, but they would pull the widened bounds back
	 * one bit per round: forget every bit the widened ranges let vary */
	D_U um = D_FN(low_mask)(D_FN(fls)((D_U)(r.umin ^ r.umax)));
	D_U sm = D_FN(low_mask)(D_FN(fls)((D_U)((D_U)r.smin ^ (D_U)r.smax)));
	r.km = (D_U)(r.km | um | sm);
	r.kv = (D_U)(r.kv & (D_U)~r.km);
	D_FN(norm)(&r);
	return r;
}

/* ------------------------------------------------------------ helpers */

/* [lo, hi] of exact (wide) results: representable after wrapping iff both
 * ends fall into the same 2^BITS bucket (then wrapping is monotone). */
static void D_FN(set_u)(D_VAL *r, d_sw lo, d_sw hi)
{
	if ((lo >> D_BITS) == (hi >> D_BITS)) {
		r->umin = (D_U)lo;
		r->umax = (D_U)hi;
	}
}

static void D_FN(set_s)(D_VAL *r, d_sw lo, d_sw hi)
{
	d_sw half = (d_sw)1 << (D_BITS - 1);
	if (((lo + half) >> D_BITS) == ((hi + half) >> D_BITS)) {
		r->smin = (D_S)(D_U)lo;
		r->smax = (D_S)(D_U)hi;
	}
}

static D_VAL D_FN(tnum)(D_U kv, D_U km)
{
	D_VAL r = D_FN(top)();
	r.km = km;
	r.kv = (D_U)(kv & (D_U)~km);
	return r;
}

static unsigned D_FN(pop)(D_U x)
{
	unsigned n = 0;
	for (; x; x = (D_U)(x & (x - 1)))
		n++;
	return n;
}

static unsigned D_FN(ctz)(D_U x)
{
	unsigned n = 0;
	if (!x)
		return D_BITS;
	while (!(x & 1)) {
		n++;
		x = (D_U)(x >> 1);
	}
	return n;
}

/* the value as seen by a W form: low half, sign- or zero-extended */
static D_VAL D_FN(ext)(const D_VAL *a, bool sign)
{
	D_U lm = D_FN(low_mask)(D_HW), hb = (D_U)(D_ONE << (D_HW - 1));
	D_VAL r;
	if (sign && a->smin >= -(D_S)hb && a->smax <= (D_S)(hb - 1))
		return *a;
	if (!sign && a->umax <= lm)
		return *a;
	D_U kv = (D_U)(a->kv & lm), km = (D_U)(a->km & lm);
	if (sign && (km & hb)) {
		km = (D_U)(km | (D_U)~lm);
	} else if (sign && (kv & hb)) {
		kv = (D_U)(kv | (D_U)~lm);
	}
	r = D_FN(tnum)(kv, km);
	/* one 2^HW block: the low halves form a contiguous range */
	if ((a->umin >> D_HW) == (a->umax >> D_HW)) {
		D_U lo = (D_U)(a->umin & lm), hi = (D_U)(a->umax & lm);
		if (!sign) {
			r.umin = lo;
			r.umax = hi;
		} else if ((lo & hb) == (hi & hb)) {
			D_U fill = (lo & hb) ? (D_U)~lm : 0;
			r.smin = (D_S)(D_U)(lo | fill);
			r.smax = (D_S)(D_U)(hi | fill);
		}
	}
	D_FN(norm)(&r);
	return r;
}

/* shift amount if its low bits (mod width) are known */
static bool D_FN(amount)(const D_VAL *b, unsigned width, unsigned *k)
{
	D_U m = (D_U)(width - 1);
	if (b->km & m)
		return false;
	*k = (unsigned)(b->kv & m);
	return true;
}

static D_VAL D_FN(shift)(enum vrc_aop op, const D_VAL *a, const D_VAL *b, unsigned width)
{
	D_VAL r = D_FN(top)();
	unsigned k;
	if (!D_FN(amount)(b, width, &k)) {
		if (op == VRC_SRL) {
			r.umax = a->umax; /* shifting right never grows it */
		} else if (op == VRC_SRA) {
			r.smin = a->smin < 0 ? a->smin : 0;
			r.smax = a->smax >= 0 ? a->smax : -1;
		}
		D_FN(norm)(&r);
		return r;
	}
	switch (op) {
	case VRC_SLL:
		r = D_FN(tnum)((D_U)(a->kv << k), (D_U)(a->km << k));
		if (vrc_mutation == 1)
			r = D_FN(tnum)((D_U)(a->kv << k), (D_U)(a->km << k << 1));
		D_FN(set_u)(&r, (d_sw)((d_uw)a->umin << k), (d_sw)((d_uw)a->umax << k));
		D_FN(set_s)(&r, (d_sw)a->smin * ((d_sw)1 << k), (d_sw)a->smax * ((d_sw)1 << k));
		break;
	case VRC_SRL:
		r = D_FN(tnum)((D_U)(a->kv >> k), (D_U)(a->km >> k));
		r.umin = (D_U)(a->umin >> k);
		r.umax = (D_U)(a->umax >> k);
		break;
	case VRC_SRA:
		r = D_FN(tnum)((D_U)((D_S)a->kv >> k), (D_U)((D_S)a->km >> k));
		r.smin = (D_S)(a->smin >> k);
		r.smax = (D_S)(a->smax >> k);
		break;
	default: { /* ROL, ROR: rotate the known bits */
		unsigned l = op == VRC_ROL ? k : (D_BITS - k) % D_BITS;
		D_U v = l ? (D_U)(a->kv << l | a->kv >> (D_BITS - l)) : a->kv;
		D_U m = l ? (D_U)(a->km << l | a->km >> (D_BITS - l)) : a->km;
		r = D_FN(tnum)(v, m);
		break;
	}
	}
	D_FN(norm)(&r);
	return r;
}

/* signed division and remainder bounds; b must not contain 0 at its ends */
static D_VAL D_FN(sdiv)(const D_VAL *a, const D_VAL *b, bool rem)
{
	D_VAL r = D_FN(top)();
	d_sw as[2] = {a->smin, a->smax}, bs[2] = {b->smin, b->smax};
	d_sw mb = bs[1] > -bs[0] ? bs[1] : -bs[0]; /* max |b| */
	d_sw ma = as[1] > -as[0] ? as[1] : -as[0]; /* max |a| */
	if (rem) {
		d_sw lim = mb - 1 < ma ? mb - 1 : ma;
		d_sw lo = as[0] < 0 ? (-lim > as[0] ? -lim : as[0]) : 0;
		d_sw hi = as[1] > 0 ? (lim < as[1] ? lim : as[1]) : 0;
		D_FN(set_s)(&r, lo, hi);
	} else if (b->smin > 0 || b->smax < 0) {
		D_S lo = 0, hi = 0, x[2] = {a->smin, a->smax}, y[2] = {b->smin, b->smax};
		bool over = false;
		for (int i = 0; i < 4; i++) {
			D_S p = x[i & 1], d = y[i >> 1];
			if (p == D_SMIN && d == -1) {
				over = true; /* traps: no result, but no bound either */
				continue;
			}
			D_S q = (D_S)(p / d);
			if (!i || q < lo)
				lo = q;
			if (!i || q > hi)
				hi = q;
		}
		if (!over) {
			r.smin = lo;
			r.smax = hi;
		}
	} else if (ma <= D_SMAX) {
		D_FN(set_s)(&r, -ma, ma);
	}
	D_FN(norm)(&r);
	return r;
}

/* ------------------------------------------------------------ transfer */

static D_VAL D_FN(arith)(enum vrc_aop op, const D_VAL *a, const D_VAL *b)
{
	D_VAL r = D_FN(top)();
	switch (op) {
	case VRC_ADD: {
		D_U sv = (D_U)(a->kv + b->kv), sm = (D_U)(a->km + b->km);
		D_U chi = (D_U)((D_U)(sv + sm) ^ sv);
		D_U mu = (D_U)(chi | a->km | b->km);
		r = D_FN(tnum)(sv, mu);
		D_FN(set_u)(&r, (d_sw)a->umin + b->umin, (d_sw)a->umax + b->umax);
		D_FN(set_s)(&r, (d_sw)a->smin + b->smin, (d_sw)a->smax + b->smax);
		if (vrc_mutation == 2)
			r.umax = (D_U)(r.umax - (r.umax > r.umin));
		break;
	}
	case VRC_SUB: {
		D_U dv = (D_U)(a->kv - b->kv);
		D_U al = (D_U)(dv + a->km), be = (D_U)(dv - b->km);
		D_U mu = (D_U)((al ^ be) | a->km | b->km);
		r = D_FN(tnum)(dv, mu);
		D_FN(set_u)(&r, (d_sw)a->umin - (d_sw)b->umax, (d_sw)a->umax - (d_sw)b->umin);
		D_FN(set_s)(&r, (d_sw)a->smin - b->smax, (d_sw)a->smax - b->smin);
		break;
	}
	case VRC_AND:
		r = D_FN(tnum)((D_U)(a->kv & b->kv),
			       (D_U)((a->kv | a->km) & (b->kv | b->km) & (D_U) ~(a->kv & b->kv)));
		r.umax = a->umax < b->umax ? a->umax : b->umax;
		if (a->smin >= 0 || b->smin >= 0) {
			r.smin = 0;
			r.smax =
			    a->smin >= 0 && (b->smin < 0 || a->smax < b->smax) ? a->smax : b->smax;
		}
		break;
	case VRC_OR:
		r = D_FN(tnum)((D_U)(a->kv | b->kv),
			       (D_U)((a->km | b->km) & (D_U) ~(a->kv | b->kv)));
		r.umin = a->umin > b->umin ? a->umin : b->umin;
		break;
	case VRC_XOR:
		r = D_FN(tnum)((D_U)(a->kv ^ b->kv), (D_U)(a->km | b->km));
		break;
	case VRC_SLL:
	case VRC_SRL:
	case VRC_SRA:
	case VRC_ROL:
	case VRC_ROR:
		return D_FN(shift)(op, a, b, D_BITS);
	case VRC_SLT:
	case VRC_SLTU: {
		bool s = op == VRC_SLT;
		bool yes = s ? a->smax < b->smin : a->umax < b->umin;
		bool no = s ? a->smin >= b->smax : a->umin >= b->umax;
		r = yes ? D_FN(const)(1) : no ? D_FN(const)(0) : D_FN(mk)(0, 1, 0, 1, 0, 1);
		break;
	}
	case VRC_MUL:
		D_FN(set_u)(&r, (d_sw)((d_uw)a->umin * b->umin), (d_sw)((d_uw)a->umax * b->umax));
		{
			d_sw c[4] = {(d_sw)a->smin * b->smin, (d_sw)a->smin * b->smax,
				     (d_sw)a->smax * b->smin, (d_sw)a->smax * b->smax};
			d_sw lo = c[0], hi = c[0];
			for (int i = 1; i < 4; i++) {
				lo = c[i] < lo ? c[i] : lo;
				hi = c[i] > hi ? c[i] : hi;
			}
			D_FN(set_s)(&r, lo, hi);
		}
		/* trailing known zeros add up */
		{
			unsigned tz =
			    D_FN(ctz)((D_U)(a->kv | a->km)) + D_FN(ctz)((D_U)(b->kv | b->km));
			if (tz >= D_BITS)
				return D_FN(const)(0);
			r.km = (D_U)(r.km & (D_U)~D_FN(low_mask)(tz));
			r.kv = (D_U)(r.kv & (D_U)~D_FN(low_mask)(tz));
		}
		break;
	case VRC_MULHU:
		r.umin = (D_U)(((d_uw)a->umin * b->umin) >> D_BITS);
		r.umax = (D_U)(((d_uw)a->umax * b->umax) >> D_BITS);
		break;
	case VRC_MULH: {
		d_sw c[4] = {(d_sw)a->smin * b->smin, (d_sw)a->smin * b->smax,
			     (d_sw)a->smax * b->smin, (d_sw)a->smax * b->smax};
		d_sw lo = c[0], hi = c[0];
		for (int i = 1; i < 4; i++) {
			lo = c[i] < lo ? c[i] : lo;
			hi = c[i] > hi ? c[i] : hi;
		}
		r.smin = (D_S)(lo >> D_BITS);
		r.smax = (D_S)(hi >> D_BITS);
		break;
	}
	case VRC_DIVU:
		r.umin = (D_U)(a->umin / b->umax);
		r.umax = (D_U)(a->umax / b->umin);
		break;
	case VRC_REMU:
		if (a->umax < b->umin)
			return *a;
		r.umax = (D_U)(b->umax - 1) < a->umax ? (D_U)(b->umax - 1) : a->umax;
		break;
	case VRC_DIV:
	case VRC_REM:
		r = D_FN(sdiv)(a, b, op == VRC_REM);
		break;
	case VRC_CLZ:
		r = D_FN(mk)(0, D_BITS, 0, D_BITS, 0, D_UMAX);
		r.umin = (D_U)(D_BITS - D_FN(fls)(a->umax));
		r.umax = (D_U)(D_BITS - D_FN(fls)(a->umin));
		break;
	case VRC_CTZ:
		r = D_FN(mk)(0, D_BITS, 0, D_BITS, 0, D_UMAX);
		r.umin = (D_U)D_FN(ctz)((D_U)(a->kv | a->km));
		r.umax = (D_U)D_FN(ctz)(a->kv);
		break;
	case VRC_POPCNT:
		r = D_FN(mk)(0, D_BITS, 0, D_BITS, 0, D_UMAX);
		r.umin = (D_U)D_FN(pop)(a->kv);
		r.umax = (D_U)D_FN(pop)((D_U)(a->kv | a->km));
		break;
	default:
		break;
	}
	D_FN(norm)(&r);
	return r;
}

/* divisor as it is when execution continues: not 0 */
static bool D_FN(nonzero)(D_VAL *b)
{
	if (b->umax == 0)
		return false;
	if (b->umin == 0)
		b->umin = 1;
	if (b->smin == 0)
		b->smin = 1;
	if (b->smax == 0)
		b->smax = -1;
	return D_FN(norm)(b);
}

bool D_FN(binop)(enum vrc_aop op, const D_VAL *a, const D_VAL *b, D_VAL *r)
{
	D_VAL x, y;
	switch (op) {
	case VRC_DIV:
	case VRC_DIVU:
	case VRC_REM:
	case VRC_REMU:
		y = *b;
		if (!D_FN(nonzero)(&y))
			return false;
		*r = D_FN(arith)(op, a, &y);
		return true;
	case VRC_ADDW:
	case VRC_SUBW:
	case VRC_MULW:
		x = D_FN(ext)(a, true);
		y = D_FN(ext)(b, true);
		x = D_FN(arith)(op == VRC_ADDW	 ? VRC_ADD
				: op == VRC_SUBW ? VRC_SUB
						 : VRC_MUL,
				&x, &y);
		*r = D_FN(ext)(&x, true);
		return true;
	case VRC_SLLW:
	case VRC_SRAW:
		x = D_FN(ext)(a, op == VRC_SRAW);
		x = D_FN(shift)(op == VRC_SLLW ? VRC_SLL : VRC_SRA, &x, b, D_HW);
		*r = D_FN(ext)(&x, true);
		return true;
	case VRC_SRLW:
		x = D_FN(ext)(a, false);
		x = D_FN(shift)(VRC_SRL, &x, b, D_HW);
		*r = D_FN(ext)(&x, true);
		return true;
	case VRC_DIVW:
	case VRC_REMW:
	case VRC_DIVUW:
	case VRC_REMUW: {
		bool s = op == VRC_DIVW || op == VRC_REMW;
		x = D_FN(ext)(a, s);
		y = D_FN(ext)(b, s);
		if (!D_FN(nonzero)(&y))
			return false;
		x = D_FN(arith)(op == VRC_DIVW	  ? VRC_DIV
				: op == VRC_REMW  ? VRC_REM
				: op == VRC_DIVUW ? VRC_DIVU
						  : VRC_REMU,
				&x, &y);
		*r = D_FN(ext)(&x, true);
		return true;
	}
	case VRC_SEXTW:
	case VRC_ZEXTW:
		*r = D_FN(ext)(a, op == VRC_SEXTW);
		return true;
	default:
		*r = D_FN(arith)(op, a, b);
		return true;
	}
}

/* ---------------------------------------------------------- refinement */

static bool D_FN(not_eq_const)(D_VAL *a, const D_VAL *b)
{
	D_U c;
	if (!D_FN(is_const)(b, &c))
		return true;
	if (a->umin == c) {
		if (a->umin == a->umax)
			return false;
		a->umin++;
	} else if (a->umax == c) {
		a->umax--;
	}
	if (a->smin == (D_S)c && a->smin < a->smax)
		a->smin++;
	else if (a->smax == (D_S)c && a->smin < a->smax)
		a->smax--;
	return true;
}

bool D_FN(refine)(enum vrc_cmp cmp, D_VAL *a, D_VAL *b)
{
	switch (cmp) {
	case VRC_EQ: {
		if (!D_FN(meet)(a, b))
			return false;
		*b = *a;
		return true;
	}
	case VRC_NE:
		if (!D_FN(not_eq_const)(a, b) || !D_FN(not_eq_const)(b, a))
			return false;
		break;
	case VRC_LTU:
		if (b->umax == 0 || a->umin == D_UMAX)
			return false;
		if (a->umax > b->umax - 1)
			a->umax = (D_U)(b->umax - 1);
		if (b->umin < a->umin + 1)
			b->umin = (D_U)(a->umin + 1);
		break;
	case VRC_GEU:
		if (a->umin < b->umin)
			a->umin = b->umin;
		if (b->umax > a->umax)
			b->umax = a->umax;
		break;
	case VRC_LT:
		if (b->smax == D_SMIN || a->smin == D_SMAX)
			return false;
		if (a->smax > b->smax - 1)
			a->smax = (D_S)(b->smax - 1);
		if (b->smin < a->smin + 1)
			b->smin = (D_S)(a->smin + 1);
		break;
	case VRC_GE:
		if (a->smin < b->smin)
			a->smin = b->smin;
		if (b->smax > a->smax)
			b->smax = a->smax;
		break;
	}
	return D_FN(norm)(a) && D_FN(norm)(b);
}
