package org.flexisip.common.sip.bench;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import org.flexisip.common.sip.header.AddressHeader;
import org.flexisip.common.sip.message.HeaderName;
import org.flexisip.common.sip.message.SipMessage;
import org.flexisip.common.sip.message.SipRequest;
import org.flexisip.common.sip.message.SipResponse;
import org.flexisip.common.sip.parser.Decoded;
import org.flexisip.common.sip.parser.SipMessageParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.pkts.buffer.Buffer;
import io.pkts.packet.sip.header.ContactHeader;
import io.pkts.packet.sip.header.MaxForwardsHeader;

/**
 * Our SIP codec against pkts-sip 3.0.18 doing what a proxy does with each message of {@link BenchmarkCorpus}:
 * parse the datagram; read the top Via's branch and the Via count, the From and To tags, Call-ID, CSeq number,
 * Max-Forwards and each Contact's {@code +sip.instance}; change one header; serialize. The change is the
 * proxy's own: a request gets Max-Forwards decremented (RFC 3261 §16.6 step 3), a response loses the top Via
 * (§16.7 step 3). Every value read goes to the Blackhole so that no work can be optimised away.
 *
 * <p>One invocation handles the whole corpus, so {@link OperationsPerInvocation} makes the score read as
 * messages per second and {@code -prof gc}'s {@code gc.alloc.rate.norm} as bytes per message.
 *
 * <p>Equivalent operations on the pkts side, and why:
 * <ul>
 * <li>Max-Forwards: {@code copy().onMaxForwardsHeader(MaxForwardsHeader.Builder::decrement)}. Its
 * {@code withMaxForwardsHeader(h)} would not do: on a copied message it appends a second Max-Forwards line
 * instead of replacing the first.</li>
 * <li>Top Via: {@code copy().withPoppedVia()}, the builder's own way of removing the top Via.</li>
 * <li>Contacts: {@code getContactHeader()}, which reads only the first Contact value; pkts has no list getter.
 * No corpus message has more than one Contact value, so both sides read the same ones.</li>
 * <li>Serialization: pkts' {@code build()} already writes the whole message into one exact-size buffer, which
 * {@code toBuffer()} hands out without copying; our {@code toBytes()} writes the bytes when asked. Each side
 * therefore pays for exactly one array of wire bytes, and neither for an extra copy.</li>
 * </ul>
 * pkts' output differs from ours in form, not meaning: it regroups header lines by name (in hash order) and
 * splits comma lists such as Supported into one line per value (both allowed by RFC 3261 §7.3.1), where we keep
 * every untouched line byte for byte.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@OperationsPerInvocation(BenchmarkCorpus.SIZE)
public class CodecBenchmark {
    private final SipMessageParser parser = new SipMessageParser();
    private byte[][] wires;

    /**
     * Refuses to start unless both libraries parse every message and make the expected change, so that a corpus
     * mistake cannot turn a benchmark into a measure of error paths.
     */
    @Setup(Level.Trial)
    public void checkCorpus(Blackhole bh) {
        List<byte[]> messages = BenchmarkCorpus.messages();
        List<String> names = BenchmarkCorpus.names();
        if (messages.size() != BenchmarkCorpus.SIZE) {
            throw new IllegalStateException("the corpus holds " + messages.size()
                    + " messages but BenchmarkCorpus.SIZE, used for @OperationsPerInvocation, is " + BenchmarkCorpus.SIZE);
        }
        for (int i = 0; i < messages.size(); i++) {
            String name = names.get(i);
            byte[] wire = messages.get(i);
            if (!(parser.parseDatagram(wire) instanceof Decoded.Message ours)) {
                throw new IllegalStateException(name + ": our parser refused it: " + parser.parseDatagram(wire));
            }
            io.pkts.packet.sip.SipMessage theirs;
            try {
                theirs = io.pkts.packet.sip.SipMessage.frame(wire);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(name + ": pkts-sip cannot parse it", e);
            }
            // The whole pipeline once per library: a header pkts reads lazily may only fail here.
            try {
                expectOneLess(name, "our codec", changedNumber(ours.message()),
                        changedNumber(reparse(forwardWithFlexisip(wire, bh))));
                expectOneLess(name, "pkts-sip", changedNumber(theirs),
                        changedNumber(io.pkts.packet.sip.SipMessage.frame(forwardWithPkts(wire, bh).getArray())));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(name + ": processing it failed", e);
            }
        }
        wires = messages.toArray(new byte[0][]);
    }

    @Benchmark
    public void flexisip(Blackhole bh) {
        for (byte[] wire : wires) {
            bh.consume(forwardWithFlexisip(wire, bh));
        }
    }

    @Benchmark
    public void pkts(Blackhole bh) throws IOException {
        for (byte[] wire : wires) {
            bh.consume(forwardWithPkts(wire, bh));
        }
    }

    private byte[] forwardWithFlexisip(byte[] wire, Blackhole bh) {
        if (!(parser.parseDatagram(wire) instanceof Decoded.Message parsed)) {
            // Never reached: checkCorpus has parsed every message.
            throw new IllegalStateException("not a message");
        }
        SipMessage m = parsed.message();
        bh.consume(m.vias().size());
        bh.consume(m.topVia().branch());
        bh.consume(m.from().tag());
        bh.consume(m.to().tag());
        bh.consume(m.callId());
        bh.consume(m.cseq().number());
        OptionalInt maxForwards = m.maxForwards();
        bh.consume(maxForwards);
        for (AddressHeader contact : m.contacts()) {
            bh.consume(contact.instance());
        }
        SipMessage forwarded;
        if (m instanceof SipRequest request) {
            forwarded = request.copy()
                    .set(HeaderName.MAX_FORWARDS, Integer.toString(maxForwards.getAsInt() - 1))
                    .build();
        } else {
            forwarded = ((SipResponse) m).copy().removeFirstValue(HeaderName.VIA).build();
        }
        return forwarded.toBytes();
    }

    private static Buffer forwardWithPkts(byte[] wire, Blackhole bh) throws IOException {
        io.pkts.packet.sip.SipMessage m = io.pkts.packet.sip.SipMessage.frame(wire);
        bh.consume(m.getViaHeaders().size());
        bh.consume(m.getViaHeader().getBranch());
        bh.consume(m.getFromHeader().getTag());
        bh.consume(m.getToHeader().getTag());
        bh.consume(m.getCallIDHeader().getCallId());
        bh.consume(m.getCSeqHeader().getSeqNumber());
        MaxForwardsHeader maxForwards = m.getMaxForwards();
        if (maxForwards != null) {
            bh.consume(maxForwards.getMaxForwards());
        }
        ContactHeader contact = m.getContactHeader();
        if (contact != null) {
            bh.consume(contact.getParameter("+sip.instance"));
        }
        io.pkts.packet.sip.SipMessage forwarded;
        if (m.isRequest()) {
            forwarded = m.toRequest().copy().onMaxForwardsHeader(MaxForwardsHeader.Builder::decrement).build();
        } else {
            forwarded = m.toResponse().copy().withPoppedVia().build();
        }
        return forwarded.toBuffer();
    }

    private SipMessage reparse(byte[] wire) {
        if (!(parser.parseDatagram(wire) instanceof Decoded.Message parsed)) {
            throw new IllegalStateException("our codec cannot parse its own output: " + parser.parseDatagram(wire));
        }
        return parsed.message();
    }

    /** What forwarding lowers by one: Max-Forwards of a request, the Via count of a response. */
    private static int changedNumber(SipMessage m) {
        return m.isRequest() ? m.maxForwards().orElseThrow() : m.vias().size();
    }

    private static int changedNumber(io.pkts.packet.sip.SipMessage m) {
        return m.isRequest() ? m.getMaxForwards().getMaxForwards() : m.getViaHeaders().size();
    }

    private static void expectOneLess(String name, String library, int before, int after) {
        if (after != before - 1) {
            throw new IllegalStateException(name + ": " + library + " turned " + before + " into " + after
                    + " (Max-Forwards of a request, Via count of a response), expected " + (before - 1));
        }
    }
}
