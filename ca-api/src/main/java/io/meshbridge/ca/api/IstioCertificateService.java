package io.meshbridge.ca.api;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Istio's CA API, wire-compatible with {@code istio.v1.auth.IstioCertificateService} (istio/api
 * {@code security/v1alpha1/ca.proto}), without generated code: the two messages are small enough
 * to encode by hand, and the build has no protoc.
 *
 * <pre>
 * rpc CreateCertificate(IstioCertificateRequest {string csr = 1; string subject_id = 2;
 *     int64 validity_duration = 3; google.protobuf.Struct metadata = 4;})
 *   returns (IstioCertificateResponse {repeated string cert_chain = 1;})
 * </pre>
 *
 * Unknown fields (such as {@code metadata}) are skipped.
 */
public final class IstioCertificateService {

  public static final String SERVICE_NAME = "istio.v1.auth.IstioCertificateService";

  /** {@code IstioCertificateRequest}; {@code validitySeconds} 0 asks for the CA's default. */
  public record Request(String csr, String subjectId, long validitySeconds) {
    public Request {
      requireNonNull(csr, "csr");
      requireNonNull(subjectId, "subjectId");
    }
  }

  /** {@code IstioCertificateResponse}: PEM certificates, the leaf first and the root last. */
  public record Response(List<String> certChain) {
    public Response {
      certChain = List.copyOf(certChain);
    }
  }

  /** The largest CSR a CA accepts (PEM characters). */
  public static final int MAX_CSR_BYTES = 64 * 1024;

  /** Requests larger than this are refused by the transport before they are parsed. */
  public static final int MAX_MESSAGE_BYTES = 2 * MAX_CSR_BYTES;

  public static final MethodDescriptor<Request, Response> CREATE_CERTIFICATE =
      MethodDescriptor.<Request, Response>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "CreateCertificate"))
          .setRequestMarshaller(new RequestMarshaller())
          .setResponseMarshaller(new ResponseMarshaller())
          .build();

  private static final class RequestMarshaller implements MethodDescriptor.Marshaller<Request> {
    @Override
    public InputStream stream(Request value) {
      return write(
          out -> {
            if (!value.csr().isEmpty()) {
              out.writeString(1, value.csr());
            }
            if (!value.subjectId().isEmpty()) {
              out.writeString(2, value.subjectId());
            }
            if (value.validitySeconds() != 0) {
              out.writeInt64(3, value.validitySeconds());
            }
          });
    }

    @Override
    public Request parse(InputStream stream) {
      String csr = "";
      String subjectId = "";
      long validity = 0;
      try {
        CodedInputStream in = CodedInputStream.newInstance(stream);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
          switch (tag) {
            case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> csr = in.readStringRequireUtf8();
            case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> subjectId = in.readStringRequireUtf8();
            case (3 << 3) | WireFormat.WIRETYPE_VARINT -> validity = in.readInt64();
            default -> in.skipField(tag);
          }
        }
      } catch (IOException e) {
        throw Status.INVALID_ARGUMENT
            .withDescription("IstioCertificateRequest: not a valid message: " + e.getMessage())
            .asRuntimeException();
      }
      return new Request(csr, subjectId, validity);
    }
  }

  private static final class ResponseMarshaller implements MethodDescriptor.Marshaller<Response> {
    @Override
    public InputStream stream(Response value) {
      return write(
          out -> {
            for (String pem : value.certChain()) {
              out.writeString(1, pem);
            }
          });
    }

    @Override
    public Response parse(InputStream stream) {
      List<String> chain = new ArrayList<>();
      try {
        CodedInputStream in = CodedInputStream.newInstance(stream);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
          if (tag == ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
            chain.add(in.readStringRequireUtf8());
          } else {
            in.skipField(tag);
          }
        }
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("IstioCertificateResponse: not a valid message: " + e.getMessage())
            .asRuntimeException();
      }
      return new Response(chain);
    }
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static InputStream write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      writer.write(out);
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode to memory", e); // a byte array does not fail
    }
    return new ByteArrayInputStream(bytes.toByteArray());
  }

  private IstioCertificateService() {}
}
