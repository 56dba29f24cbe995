package dev.sluice.transfers;

import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/** {@code /actuator/transfers}: the uploads and downloads in progress, with the bytes moved so far. */
@Component
@Endpoint(id = "transfers")
class TransfersEndpoint {

    private final Transfers transfers;

    TransfersEndpoint(Transfers transfers) {
        this.transfers = transfers;
    }

    @ReadOperation
    List<TransferView> inProgress() {
        return transfers.inProgress();
    }
}
