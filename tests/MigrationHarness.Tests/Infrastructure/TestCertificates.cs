using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MigrationHarness.Tests.Infrastructure;

/// <summary>
/// A throwaway certificate authority with a server certificate for 127.0.0.1 and a client
/// certificate, written as PEM files the way <c>dockerd --tlsverify</c> and the docker client
/// (<c>DOCKER_CERT_PATH</c>: ca.pem, cert.pem, key.pem) expect them.
/// </summary>
public sealed record TestCertificates(string ServerDirectory, string ClientDirectory)
{
    public string CaFile => Path.Combine(ServerDirectory, "ca.pem");
    public string ServerCertificateFile => Path.Combine(ServerDirectory, "server-cert.pem");
    public string ServerKeyFile => Path.Combine(ServerDirectory, "server-key.pem");

    public static TestCertificates Write(string directory)
    {
        var server = Directory.CreateDirectory(Path.Combine(directory, "server")).FullName;
        var client = Directory.CreateDirectory(Path.Combine(directory, "client")).FullName;
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);

        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=mh-test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now, now.AddDays(1));

        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        using var serverKey = RSA.Create(2048);
        using var serverCertificate = Issue(ca, serverKey, "CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", now, san.Build());
        using var clientKey = RSA.Create(2048);
        using var clientCertificate = Issue(ca, clientKey, "CN=mh-test-client", "1.3.6.1.5.5.7.3.2", now, null);

        File.WriteAllText(Path.Combine(server, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(server, "server-cert.pem"), serverCertificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(server, "server-key.pem"), serverKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(client, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(client, "cert.pem"), clientCertificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(client, "key.pem"), clientKey.ExportPkcs8PrivateKeyPem());
        return new TestCertificates(server, client);
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, RSA key, string subject, string usage, DateTimeOffset notBefore, X509Extension? san)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (san is not null) request.CertificateExtensions.Add(san);
        return request.Create(ca, notBefore, notBefore.AddDays(1), RandomNumberGenerator.GetBytes(16));
    }
}
