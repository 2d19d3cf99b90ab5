package dev.dx.cim.processor.chains;

import dev.dx.cim.CimChain;
import dev.dx.cim.Exchange;

/** The generated chains of {@code Rec0}..{@code Rec(n-1)}, by length. */
final class Chains {

    static final int MAX = 16;

    private Chains() {
    }

    /** A new generated chain of the first {@code n} recording middlewares, 1 ≤ n ≤ {@value #MAX}. */
    static CimChain<Exchange> ofLength(int n) {
        switch (n) {
            case 1:
                return new Chain1_Cim();
            case 2:
                return new Chain2_Cim();
            case 3:
                return new Chain3_Cim();
            case 4:
                return new Chain4_Cim();
            case 5:
                return new Chain5_Cim();
            case 6:
                return new Chain6_Cim();
            case 7:
                return new Chain7_Cim();
            case 8:
                return new Chain8_Cim();
            case 9:
                return new Chain9_Cim();
            case 10:
                return new Chain10_Cim();
            case 11:
                return new Chain11_Cim();
            case 12:
                return new Chain12_Cim();
            case 13:
                return new Chain13_Cim();
            case 14:
                return new Chain14_Cim();
            case 15:
                return new Chain15_Cim();
            case 16:
                return new Chain16_Cim();
            default:
                throw new IllegalArgumentException("n : " + n + " (expected: 1..16)");
        }
    }
}
